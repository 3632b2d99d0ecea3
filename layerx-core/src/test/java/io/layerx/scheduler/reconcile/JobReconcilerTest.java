package io.layerx.scheduler.reconcile;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobReconcilerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();

    private Reconciliation run(Job job, List<Task> tasks) {
        return JobReconciler.reconcile(job, tasks, NOW, () -> "t" + ids.incrementAndGet());
    }

    private static Job v1(Job j) {
        return j.withVersion(1, NOW);
    }

    private static Task task(Job job, int slot, TaskState state) {
        Task t = Task.pending(job.name() + "-" + slot + "-" + state, job, slot, 0, NOW);
        return state == TaskState.PENDING ? t : t.assigned("n1", "c", Map.of(), NOW).withState(state, "", null, NOW);
    }

    @Test
    void aMigrationPairIsNoDuplicateAndTheOriginalStopsOnlyOnceTheReplacementRuns() {
        Job job = v1(aJob().named("web").replicas(1).build());
        Task original = task(job, 0, TaskState.RUNNING);
        Task starting = original.replacement("web-new", "n2", "c", Map.of(), original.resources(), NOW);
        Reconciliation during = run(job, List.of(original, starting));
        assertThat(during.stop()).isEmpty();
        assertThat(during.create()).isEmpty();
        assertThat(during.status()).isEqualTo("running");

        Task running = starting.withState(TaskState.RUNNING, "", null, NOW);
        Reconciliation after = run(job, List.of(original, running));
        assertThat(after.stop()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(original.id());
            assertThat(t.desired()).isEqualTo(DesiredState.STOP);
            assertThat(t.reason()).isEqualTo("migrated to n2 (web-new)");
        });

        Task third = task(job, 0, TaskState.STARTING);
        Reconciliation withExtra = run(job, List.of(original, starting, third));
        assertThat(withExtra.stop()).extracting(Task::id).containsExactly(third.id());
    }

    @Test
    void serviceFillsEverySlot() {
        Job job = v1(aJob().named("web").replicas(3).build());
        Reconciliation r = run(job, List.of(task(job, 1, TaskState.RUNNING)));
        assertThat(r.create()).extracting(Task::slot).containsExactly(0, 2);
        assertThat(r.create()).allMatch(Task::pending);
        assertThat(r.stop()).isEmpty();
        assertThat(r.status()).isEqualTo("pending");
    }

    @Test
    void deletedJobStopsLiveTasksAndForgetsEveryFinishedOne() {
        Job job = v1(aJob().named("web").replicas(3).build());
        Task running = task(job, 0, TaskState.RUNNING);
        Task exited = task(job, 1, TaskState.EXITED);
        Task killed = task(job, 2, TaskState.KILLED);
        Reconciliation r = run(null, List.of(running, exited, killed));
        assertThat(r.stop()).extracting(Task::id).containsExactly(running.id());
        assertThat(r.forget()).extracting(Task::id).containsExactlyInAnyOrder(exited.id(), killed.id());
        assertThat(r.create()).isEmpty();
    }

    @Test
    void serviceReplacesFailedAndLostTasks() {
        Job job = v1(aJob().named("web").replicas(2).build());
        Reconciliation r = run(job, List.of(task(job, 0, TaskState.FAILED), task(job, 1, TaskState.LOST)));
        assertThat(r.create()).extracting(Task::slot, Task::attempt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 1));
    }

    @Test
    void scaleDownStopsHighSlotsAndPendingOnesDieAtOnce() {
        Job job = v1(aJob().named("web").replicas(1).build());
        Reconciliation r = run(job, List.of(task(job, 0, TaskState.RUNNING), task(job, 1, TaskState.RUNNING),
                task(job, 2, TaskState.PENDING)));
        assertThat(r.stop()).extracting(Task::slot).containsExactlyInAnyOrder(1, 2);
        assertThat(r.stop()).allMatch(t -> t.desired() == DesiredState.STOP);
        assertThat(r.stop()).filteredOn(t -> t.slot() == 2).extracting(Task::state).containsExactly(TaskState.KILLED);
        assertThat(r.status()).isEqualTo("running");
    }

    @Test
    void duplicateInASlotKeepsTheRunningOne() {
        Job job = v1(aJob().named("web").replicas(1).build());
        Task running = task(job, 0, TaskState.RUNNING);
        Task assigned = task(job, 0, TaskState.ASSIGNED);
        Reconciliation r = run(job, List.of(assigned, running));
        assertThat(r.stop()).extracting(Task::id).containsExactly(assigned.id());
    }

    @Test
    void stoppedJobStopsEveryLiveTask() {
        Job job = v1(aJob().named("web").replicas(2).build()).withStopped(true);
        Reconciliation r = run(job, List.of(task(job, 0, TaskState.RUNNING), task(job, 1, TaskState.EXITED)));
        assertThat(r.stop()).extracting(Task::slot).containsExactly(0);
        assertThat(r.create()).isEmpty();
        assertThat(r.status()).isEqualTo("stopped");
    }

    @Test
    void aNewVersionRollsStartBeforeStopAtMostMaxParallelSlotsAtOnce() {
        Job old = v1(aJob().named("web").replicas(3).build());
        Job next = old.withVersion(2, NOW);
        List<Task> running = List.of(task(old, 0, TaskState.RUNNING), task(old, 1, TaskState.RUNNING),
                task(old, 2, TaskState.RUNNING));
        Reconciliation first = run(next, running);
        assertThat(first.stop()).isEmpty();
        assertThat(first.create()).singleElement().satisfies(t -> {
            assertThat(t.slot()).isZero();
            assertThat(t.jobVersion()).isEqualTo(2);
        });
        assertThat(first.status()).isEqualTo("running");

        Task starting = first.create().getFirst().assigned("n2", "c", Map.of(), NOW).withState(TaskState.STARTING, "", null, NOW);
        List<Task> during = new ArrayList<>(running);
        during.add(starting);
        Reconciliation waiting = run(next, during);
        assertThat(waiting.stop()).isEmpty();
        assertThat(waiting.create()).as("one slot at a time").isEmpty();

        during.set(3, starting.withState(TaskState.RUNNING, "", null, NOW));
        Reconciliation turn = run(next, during);
        assertThat(turn.stop()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(running.getFirst().id());
            assertThat(t.reason()).isEqualTo("replaced by version 2 (" + starting.id() + ")");
        });
        assertThat(turn.create()).extracting(Task::slot).containsExactly(1);
    }

    @Test
    void maxParallelSlotsRollTogetherAndOldTasksThatDoNotRunAreReplacedAtOnce() {
        Job old = v1(aJob().named("web").replicas(4).maxParallel(2).build());
        Job next = old.withVersion(2, NOW);
        Task pending = task(old, 3, TaskState.PENDING);
        Reconciliation r = run(next, List.of(task(old, 0, TaskState.RUNNING), task(old, 1, TaskState.RUNNING),
                task(old, 2, TaskState.RUNNING), pending));
        assertThat(r.stop()).extracting(Task::id).containsExactly(pending.id());
        assertThat(r.create()).extracting(Task::slot).containsExactly(0, 1, 3);
    }

    @Test
    void aBatchJobsNewVersionReplacesItsTasksAtOnce() {
        Job old = v1(aJob().named("crunch").batch().replicas(2).build());
        Job next = old.withVersion(2, NOW);
        Reconciliation r = run(next, List.of(task(old, 0, TaskState.RUNNING), task(old, 1, TaskState.RUNNING)));
        assertThat(r.stop()).hasSize(2).allSatisfy(t -> assertThat(t.reason()).isEqualTo("job updated"));
        assertThat(r.create()).extracting(Task::jobVersion).containsExactly(2L, 2L);
    }

    @Test
    void batchRetriesUpToTheLimitThenFails() {
        Job job = v1(aJob().named("b").batch().replicas(1).retries(2).build());
        List<Task> history = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Reconciliation r = run(job, history);
            assertThat(r.create()).as("attempt %d", attempt).hasSize(1);
            history.add(task(job, 0, TaskState.FAILED));
        }
        Reconciliation r = run(job, history);
        assertThat(r.create()).isEmpty();
        assertThat(r.status()).isEqualTo("failed");
    }

    @Test
    void batchSlotThatExitedCleanlyIsDone() {
        Job job = v1(aJob().named("b").batch().replicas(2).build());
        Reconciliation r = run(job, List.of(task(job, 0, TaskState.EXITED), task(job, 1, TaskState.EXITED)));
        assertThat(r.noop()).isTrue();
        assertThat(r.status()).isEqualTo("complete");
    }

    @Test
    void oldFinishedTasksAreForgotten() {
        Job job = v1(aJob().named("web").replicas(1).build());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Task t = Task.pending("web-old-" + i, job, 0, i, NOW).assigned("n", "c", Map.of(), NOW)
                    .withState(TaskState.FAILED, "", 1, NOW.plusSeconds(i));
            tasks.add(t);
        }
        Reconciliation r = run(job, tasks);
        assertThat(r.forget()).extracting(Task::id).containsExactlyInAnyOrder("web-old-0", "web-old-1", "web-old-2", "web-old-3");
    }
}

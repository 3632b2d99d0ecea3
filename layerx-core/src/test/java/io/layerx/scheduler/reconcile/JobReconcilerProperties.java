package io.layerx.scheduler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.testkit.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Reconciling over any history of task outcomes keeps a job within its count, and a stopped job gets nothing. */
class JobReconcilerProperties {

    private static final Instant NOW = Instant.EPOCH;
    private static final TaskState[] OUTCOMES = {TaskState.PENDING, TaskState.ASSIGNED, TaskState.RUNNING,
            TaskState.EXITED, TaskState.FAILED, TaskState.LOST, TaskState.KILLED};

    @Property(tries = 300)
    void aJobNeverHasMoreLiveTasksThanItsCount(@ForAll @IntRange(max = 8) int replicas, @ForAll boolean batch,
                                               @ForAll @IntRange(min = 1, max = 12) int rounds, @ForAll long seed) {
        Random random = new Random(seed);
        JobBuilder b = JobBuilder.aJob().named("j").replicas(replicas);
        Job job = (batch ? b.batch() : b.service()).build().withVersion(1, NOW);
        AtomicInteger ids = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Reconciliation r = JobReconciler.reconcile(job, tasks, NOW, () -> "t" + ids.incrementAndGet());
            apply(tasks, r);
            assertThat(tasks.stream().filter(JobReconciler::live).count()).isLessThanOrEqualTo(replicas);
            for (int i = 0; i < tasks.size(); i++) {
                Task t = tasks.get(i);
                if (JobReconciler.live(t) && random.nextInt(3) == 0) {
                    tasks.set(i, t.assigned("n", "c", Map.of(), NOW)
                            .withState(OUTCOMES[random.nextInt(OUTCOMES.length)], "", null, NOW));
                }
            }
        }
    }

    @Property(tries = 200)
    void aStoppedJobGetsNoNewTasks(@ForAll @IntRange(max = 8) int replicas, @ForAll @IntRange(max = 8) int existing) {
        Job job = JobBuilder.aJob().named("j").replicas(replicas).build().withVersion(1, NOW).withStopped(true);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < existing; i++) {
            tasks.add(Task.pending("t" + i, job, i, 0, NOW).assigned("n", "c", Map.of(), NOW)
                    .withState(OUTCOMES[i % OUTCOMES.length], "", null, NOW));
        }
        Reconciliation r = JobReconciler.reconcile(job, tasks, NOW, () -> "new");
        assertThat(r.create()).isEmpty();
        assertThat(r.stop()).hasSize((int) tasks.stream().filter(JobReconciler::live).count());
    }

    private static void apply(List<Task> tasks, Reconciliation r) {
        for (Task s : r.stop()) tasks.replaceAll(t -> t.id().equals(s.id()) ? s : t);
        tasks.removeIf(t -> r.forget().stream().anyMatch(f -> f.id().equals(t.id())));
        tasks.addAll(r.create());
    }
}

package io.layerx.scheduler.reconcile;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SystemReconcilerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private final AtomicInteger ids = new AtomicInteger();

    private Reconciliation run(Job job, List<Task> tasks) {
        return JobReconciler.reconcile(job, tasks, NODES, NOW, () -> "t" + ids.incrementAndGet());
    }

    private static Task on(Job job, String node, TaskState state) {
        Task t = Task.pending(job.name() + "-" + node + "-v" + job.version(), job, 0, 0, NOW).withTarget(node);
        return state == TaskState.PENDING ? t : t.assigned(node, "c", Map.of(), NOW).withState(state, "", null, NOW);
    }

    @Test
    void everyEligibleNodeGetsOneTaskAndANodeThatLeftHasItsTaskStopped() {
        Job job = aJob().named("agent").system().build().withVersion(1, NOW);
        Task gone = on(job, "n9", TaskState.RUNNING);
        Reconciliation r = run(job, List.of(on(job, "n1", TaskState.RUNNING), gone));
        assertThat(r.create()).extracting(Task::target).containsExactly("n2", "n3");
        assertThat(r.stop()).extracting(Task::id).containsExactly(gone.id());
        assertThat(r.rolling()).isFalse();
    }

    @Test
    void aNewVersionRollsNodeByNodeStopThenStart() {
        Job old = aJob().named("agent").system().build().withVersion(1, NOW);
        Job next = old.withVersion(2, NOW);
        List<Task> tasks = new ArrayList<>(NODES.stream().map(n -> on(old, n, TaskState.RUNNING)).toList());

        Reconciliation first = run(next, tasks);
        assertThat(first.stop()).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo("n1");
            assertThat(t.reason()).isEqualTo("replaced by version 2");
        });
        assertThat(first.create()).extracting(Task::target).containsExactly("n1");
        assertThat(first.rolling()).isTrue();
        assertThat(first.status()).as("the other nodes still run the old version").isEqualTo("pending");

        tasks.set(0, first.stop().getFirst().withState(TaskState.KILLED, "", null, NOW));
        Task starting = first.create().getFirst().assigned("n1", "c", Map.of(), NOW).withState(TaskState.STARTING, "", null, NOW);
        tasks.add(starting);
        Reconciliation waiting = run(next, tasks);
        assertThat(waiting.stop()).isEmpty();
        assertThat(waiting.create()).as("one node at a time").isEmpty();

        tasks.set(3, starting.withState(TaskState.RUNNING, "", null, NOW));
        Reconciliation turn = run(next, tasks);
        assertThat(turn.stop()).extracting(Task::target).containsExactly("n2");
        assertThat(turn.create()).extracting(Task::target).containsExactly("n2");
    }

    @Test
    void maxParallelNodesRollTogetherAndOldTasksThatDoNotRunAreReplacedAtOnce() {
        Job old = aJob().named("agent").system().maxParallel(2).build().withVersion(1, NOW);
        Job next = old.withVersion(2, NOW);
        Task pending = on(old, "n3", TaskState.PENDING);
        Reconciliation r = run(next, List.of(on(old, "n1", TaskState.RUNNING), on(old, "n2", TaskState.RUNNING), pending));
        assertThat(r.stop()).extracting(Task::target).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(r.stop()).filteredOn(t -> t.id().equals(pending.id())).singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo("job updated"));
        assertThat(r.create()).extracting(Task::target).containsExactly("n1", "n2", "n3");
        assertThat(r.rolling()).isFalse();
    }
}

package io.layerx.scheduler.reconcile;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.RestartPolicy;
import io.layerx.model.RestartPolicy.Mode;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The restart policies as the job reconciler applies them: which ended tasks are replaced, and when. */
class RestartPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();

    private Reconciliation run(Job job, List<Task> tasks, Instant now) {
        return JobReconciler.reconcile(job, tasks, now, () -> "t" + ids.incrementAndGet());
    }

    private static Job job(boolean batch, RestartPolicy policy) {
        var b = aJob().named("j").replicas(1).restart(policy);
        return (batch ? b.batch() : b).build().withVersion(1, T0);
    }

    private static Task ended(Job job, int n, TaskState state, Instant at) {
        return Task.pending("j-" + n, job, 0, n, T0).assigned("n1", "c", Map.of(), T0)
                .withState(state, "", state == TaskState.EXITED ? 0 : 1, at);
    }

    @Test
    void backoffDoublesFromTheSecondRestartUpToItsCap() {
        RestartPolicy p = new RestartPolicy(Mode.ALWAYS, null, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(p::delay).toList()).containsExactly(Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThat(RestartPolicy.defaultFor(io.layerx.model.JobType.SERVICE).delay(9)).isZero();
    }

    @Test
    void onFailureWaitsOutTheBackoffThenRestartsAndSaysWhenToLookAgain() {
        Job job = job(false, new RestartPolicy(Mode.ON_FAILURE, 5, Duration.ofSeconds(2), Duration.ofMinutes(1)));
        List<Task> history = new ArrayList<>(List.of(ended(job, 0, TaskState.FAILED, T0)));
        assertThat(run(job, history, T0).create()).as("the first restart is at once").hasSize(1);
        history.add(ended(job, 1, TaskState.FAILED, T0.plusSeconds(10)));
        Reconciliation waiting = run(job, history, T0.plusSeconds(11));
        assertThat(waiting.create()).isEmpty();
        assertThat(waiting.wakeIn()).isEqualTo(Duration.ofSeconds(1));
        Reconciliation later = run(job, history, T0.plusSeconds(12));
        assertThat(later.create()).extracting(Task::attempt).containsExactly(2);
        assertThat(later.wakeIn()).isNull();
    }

    @Test
    void endsOlderThanTheResetDoNotCountAndTheSlotKeepsEnoughHistoryToReachTheCap() {
        RestartPolicy p = new RestartPolicy(Mode.ALWAYS, null, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(p.endsToMaxBackoff()).isEqualTo(8);
        assertThat(p.delay(p.endsToMaxBackoff())).isEqualTo(Duration.ofMinutes(1));
        Job job = job(false, p);
        List<Task> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) history.add(ended(job, i, TaskState.FAILED, T0.plusSeconds(i)));
        Instant now = T0.plusSeconds(20);
        Reconciliation r = run(job, history, now);
        assertThat(r.forget()).hasSize(12 - 8);
        assertThat(r.wakeIn()).isEqualTo(Duration.ofSeconds(11 + 60 - 20));
        Instant later = T0.plus(RestartPolicy.RESET).plusSeconds(11);
        assertThat(run(job, history, later).create()).as("ten minutes later the count starts over").hasSize(1);
    }

    @Test
    void onFailureStopsAfterMaxRetriesAndACleanExitIsDone() {
        Job job = job(false, new RestartPolicy(Mode.ON_FAILURE, 1, null, null));
        Reconciliation failed = run(job, List.of(ended(job, 0, TaskState.FAILED, T0), ended(job, 1, TaskState.FAILED, T0)), T0);
        assertThat(failed.create()).isEmpty();
        assertThat(failed.status()).isEqualTo("failed");
        Reconciliation done = run(job, List.of(ended(job, 0, TaskState.EXITED, T0)), T0);
        assertThat(done.create()).isEmpty();
        assertThat(done.status()).isEqualTo("complete");
    }

    @Test
    void neverReplacesNoEndedTaskButALostOneIsPlacedAgain() {
        Job job = job(false, new RestartPolicy(Mode.NEVER, null, null, null));
        Reconciliation failed = run(job, List.of(ended(job, 0, TaskState.FAILED, T0)), T0);
        assertThat(failed.create()).isEmpty();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(run(job, List.of(ended(job, 0, TaskState.LOST, T0)), T0).create()).hasSize(1);
    }

    @Test
    void alwaysReplacesACleanExitToo() {
        Job job = job(false, new RestartPolicy(Mode.ALWAYS, null, null, null));
        assertThat(run(job, List.of(ended(job, 0, TaskState.EXITED, T0)), T0).create()).hasSize(1);
    }

    @Test
    void aBatchJobMayNotRestartAlwaysAndASystemJobTakesNoPolicy() {
        Job job = job(true, new RestartPolicy(Mode.ALWAYS, null, null, null));
        assertThat(io.layerx.model.JobValidator.problems(job)).anyMatch(p -> p.contains("always is for service jobs"));
        Job system = aJob().named("s").system().restart(new RestartPolicy(Mode.NEVER, null, null, null)).build();
        assertThat(io.layerx.model.JobValidator.problems(system)).anyMatch(p -> p.contains("not for system jobs"));
    }
}

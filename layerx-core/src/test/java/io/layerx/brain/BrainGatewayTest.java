package io.layerx.brain;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.core.LayerXCore;
import io.layerx.model.JobType;
import io.layerx.model.LayerXException;
import io.layerx.model.PlanStep;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.model.Verdict;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** External brains through the gateway on a real core: ownership, stale steps, fallback when a brain falls silent. */
class BrainGatewayTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;
    private BrainGateway gw;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        gw = core.controlPlane().brains();
        cp.addCluster(Clusters.sim("sim-a", 4, 4000, 8192));
    }

    @Test
    void aJobThatNamesALiveBrainIsLeftToItAndItsPlanIsApplied() throws Exception {
        gw.register(new BrainRegistration("ext", Set.of(), Map.of(), Duration.ofMinutes(1)));
        cp.submitJob(aJob().named("mine").replicas(3).cpu(500).brain("ext").build());
        cp.submitJob(aJob().named("theirs").replicas(2).cpu(500).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("theirs").size() == 2);

        BrainGateway.Work work = gw.work("ext", 0, Duration.ofSeconds(5));
        assertThat(work.jobs()).singleElement().satisfies(j -> {
            assertThat(j.job().name()).isEqualTo("mine");
            assertThat(j.pending()).hasSize(3);
        });
        assertThat(running("mine")).isEmpty();

        String node = work.nodes().getFirst().name();
        List<PlanStep> steps = new ArrayList<>(work.jobs().getFirst().pending().stream()
                .<PlanStep>map(t -> new PlanStep.Place(t.id(), t.revision(), node)).toList());
        steps.add(new PlanStep.Stop(running("theirs").getFirst().id(), 1, "not mine to stop"));
        List<Verdict> verdicts = gw.submit("ext", steps);
        assertThat(verdicts.subList(0, 3)).allMatch(v -> v instanceof Verdict.Accepted);
        assertThat(verdicts.get(3)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("not-yours"));
        await().atMost(Duration.ofSeconds(10)).until(() -> running("mine").size() == 3);
        assertThat(running("mine")).allSatisfy(t -> assertThat(t.node()).isEqualTo(node));
    }

    @Test
    void aStaleStepIsRefusedWithAReasonAndARetryOnFreshVersionsSucceeds() throws Exception {
        gw.register(new BrainRegistration("ext", Set.of(JobType.BATCH), Map.of(), Duration.ofMinutes(1)));
        cp.submitJob(aJob().named("crunch").batch().replicas(1).cpu(500).duration(Duration.ofMinutes(5)).build());
        BrainGateway.Work first = gw.work("ext", 0, Duration.ofSeconds(5));
        BrainGateway.PendingTask task = first.jobs().getFirst().pending().getFirst();
        String node = first.nodes().getLast().name();

        List<Verdict> old = gw.submit("ext", List.of(new PlanStep.Place(task.id(), task.revision() - 1, node)));
        assertThat(old.getFirst()).isInstanceOfSatisfying(Verdict.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("stale");
            assertThat(r.detail()).contains("changed at revision " + task.revision());
        });

        BrainGateway.Work fresh = gw.work("ext", 0, Duration.ofSeconds(5));
        BrainGateway.PendingTask again = fresh.jobs().getFirst().pending().getFirst();
        assertThat(gw.submit("ext", List.of(new PlanStep.Place(again.id(), again.revision(), node))))
                .singleElement().isInstanceOf(Verdict.Accepted.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> running("crunch").size() == 1);
    }

    @Test
    void workOfASilentBrainFallsBackToTheBuiltInBrain() {
        gw.register(new BrainRegistration("ext", Set.of(), Map.of(), Duration.ofSeconds(1)));
        cp.submitJob(aJob().named("orphan").replicas(2).cpu(500).brain("ext").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("orphan").size() == 2);
        assertThat(gw.brain("ext").alive()).isFalse();
        assertThatThrownBy(() -> gw.submit("ext", List.of())).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageContaining("register again");
    }

    @Test
    void aJobThatNamesAnUnknownBrainWaitsAndSaysWhy() {
        cp.submitJob(aJob().named("early").replicas(1).brain("later").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("early").problems().isEmpty());
        assertThat(cp.job("early").problems()).singleElement().asString().startsWith("waiting for brain later to register");
        assertThat(running("early")).isEmpty();
    }

    @Test
    void badRegistrationsListEveryProblem() {
        assertThatThrownBy(() -> new BrainRegistration("Bad Name", Set.of(), Map.of(), Duration.ofMillis(10)))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details()).hasSize(2));
        assertThatThrownBy(() -> new BrainRegistration("builtin-x", Set.of(), Map.of(), null))
                .isInstanceOf(LayerXException.Invalid.class);
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

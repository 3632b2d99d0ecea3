package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Preemption at some scale: four high-priority jobs take a full pool over; each nominated task is placed on its own
 * reserved room (the pass and the applier agree on whose room it is), promptly and without waiting for a resync.
 */
class PreemptionFlowTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture(Duration.ofMinutes(10));
    private LayerXCore core;
    private ControlPlane cp;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        cp.addCluster(Clusters.sim("p", 10, 4000, 8192, java.util.Map.of("startDelayMs", "5")));
    }

    @Test
    void highPriorityJobsAreAllPlacedOverAFullPool() {
        cp.submitJob(aJob().named("low").replicas(40).priority(10).cpu(1000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("low") == 40);
        for (int j = 0; j < 4; j++) cp.submitJob(aJob().named("high-" + j).replicas(10).priority(90).cpu(1000).build());
        await().atMost(Duration.ofSeconds(15)).until(() -> java.util.stream.IntStream.range(0, 4).allMatch(j -> running("high-" + j) == 10));
        assertThat(running("low")).isZero();
        assertThat(cp.tasks(new TaskFilter("low", null, TaskState.KILLED))).hasSizeGreaterThanOrEqualTo(40);
    }

    private int running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING)).size();
    }
}

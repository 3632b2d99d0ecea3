package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GPUs through the whole core on a simulated GPU cluster: shares and whole devices are placed per device, the
 * chosen devices are recorded on the task, and what cannot fit says why.
 */
class GpuFlowTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture(Duration.ofMinutes(10));
    private ControlPlane cp;

    @BeforeEach
    void start() {
        cp = fixture.core().controlPlane();
        cp.addCluster(Clusters.sim("g", 2, 64_000, 262_144, Map.of("gpus", "2", "gpuModel", "A100", "startDelayMs", "5")));
    }

    @Test
    void sharesGoOnePerDeviceWhenTheyDoNotFitTwiceAndTheFifthWaitsWithAReason() {
        cp.submitJob(aJob().named("share").replicas(5).cpu(100).gpu(600).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("share").size() == 4);
        Set<String> devices = new HashSet<>();
        for (Task t : running("share")) {
            assertThat(t.gpus()).hasSize(1);
            devices.add(t.node() + "/" + t.gpus().getFirst());
        }
        assertThat(devices).hasSize(4);
        // 4 x 0.4 of a GPU is free in sum, but no device holds 0.6
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("share").problems().isEmpty());
        assertThat(cp.job("share").problems()).anyMatch(p -> p.contains("gpu share on one device"));
        assertThat(cp.tasks(new TaskFilter("share", null, TaskState.PENDING))).hasSize(1);
    }

    @Test
    void wholeDevicesAndSharesNeverShareADeviceBeyondItsCapacity() {
        cp.submitJob(aJob().named("small").replicas(2).cpu(100).gpu(300).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("small").size() == 2);
        cp.submitJob(aJob().named("whole").replicas(2).cpu(100).gpu(1000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("whole").size() == 2);
        // the two shares are packed on one device (best fit), so whole devices are left for the next job
        Map<String, Integer> used = new java.util.HashMap<>();
        for (Task t : cp.tasks(new TaskFilter(null, null, TaskState.RUNNING))) {
            for (int d : t.gpus()) used.merge(t.node() + "/" + d, (int) (t.resources().gpu() / t.gpus().size()), Integer::sum);
        }
        assertThat(used.values()).allSatisfy(milli -> assertThat(milli).isLessThanOrEqualTo(1000));
        cp.submitJob(aJob().named("pair").cpu(100).gpu(2000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("pair").problems().isEmpty());
        assertThat(cp.job("pair").problems()).anyMatch(p -> p.contains("insufficient gpu"));
    }

    @Test
    void twoWholeDevicesOnOneNode() {
        cp.submitJob(aJob().named("pair").replicas(2).cpu(100).gpu(2000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("pair").size() == 2);
        assertThat(running("pair")).allSatisfy(t -> assertThat(t.gpus()).containsExactlyInAnyOrder(0, 1));
        assertThat(running("pair")).extracting(Task::node).doesNotHaveDuplicates();
    }

    @Test
    void aModelNoNodeHasStaysPendingAndSaysSo() {
        cp.submitJob(aJob().named("h100").cpu(100).gpu(1000).constraint("node.labels.gpu.model==H100").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("h100").problems().isEmpty());
        assertThat(cp.job("h100").problems()).anyMatch(p -> p.contains("gpu.model") && p.contains("H100"));
        cp.submitJob(aJob().named("a100").cpu(100).gpu(1000).constraint("node.labels.gpu.model==A100").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("a100").size() == 1);
    }

    @Test
    void badGpuRequestsAreRefusedWithEveryProblem() {
        assertThatThrownBy(() -> cp.submitJob(aJob().named("bad").cpu(-1).gpu(1500).build()))
                .isInstanceOf(LayerXException.Invalid.class)
                .satisfies(e -> assertThat(((LayerXException.Invalid) e).details()).hasSize(2)
                        .anyMatch(p -> p.contains("gpu 1.5 is more than one device but not whole devices")));
        assertThatThrownBy(() -> cp.submitJob(aJob().named("neg").gpu(-250).build()))
                .isInstanceOf(LayerXException.Invalid.class)
                .satisfies(e -> assertThat(((LayerXException.Invalid) e).details())
                        .contains("task.resources.gpu must be >= 0, got -0.25"));
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

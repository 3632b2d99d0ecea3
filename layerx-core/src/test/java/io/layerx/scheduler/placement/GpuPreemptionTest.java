package io.layerx.scheduler.placement;

import static io.layerx.scheduler.placement.Pool.nominated;
import static io.layerx.scheduler.placement.Pool.nodes;
import static io.layerx.scheduler.placement.Pool.stopped;
import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.GpuDevice;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.scheduler.Proposal;
import io.layerx.store.Keys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preemption for GPU tasks counts device shares per device, not their sum over the node. */
class GpuPreemptionTest {

    private final Pool pool = new Pool();

    @BeforeEach
    void twoDeviceNode() {
        pool.cluster("c", Map.of());
        pool.put(Keys.node("g"), new Node("g", "c", "sim", new Resources(16_000, 65_536, 0, 2_000), Map.of(),
                NodeState.READY, "", 0, 0, Instant.EPOCH, List.of(new GpuDevice(0, "A100", 81_920),
                new GpuDevice(1, "A100", 81_920))));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private void runs(Job job, String id, List<Integer> devices) {
        Task t = Task.pending(id, job, 0, 0, Instant.EPOCH).assigned("g", "c", Map.of(), Instant.EPOCH)
                .withState(TaskState.RUNNING, "", null, Instant.EPOCH).withGpus(devices);
        pool.put(Keys.task(t.id()), t);
    }

    @Test
    void halfADeviceIsMadeByStoppingOneShareNotFoundInTwoHalfEmptyDevices() {
        Job low = pool.job(aJob().named("low").priority(10).cpu(1000).memory(1024).gpu(600).build());
        runs(low, "low-0", List.of(0));
        runs(low, "low-1", List.of(1));
        // 0.8 of a GPU is free on the node, but 0.4 on each device: a 0.5 share fits neither until one share goes
        Proposal p = pool.plan(aJob().named("urgent").priority(90).cpu(1000).memory(1024).gpu(500).build(), 1);
        assertThat(nodes(p)).isEmpty();
        assertThat(stopped(p)).hasSize(1);
        assertThat(nominated(p)).containsExactly("g");
    }

    @Test
    void aWholeGpuIsMadeByStoppingAGpuTaskNotTheCpuOnlyOneBeside() {
        Job low = pool.job(aJob().named("low").priority(10).cpu(1000).memory(1024).gpu(1000).build());
        Job cpu = pool.job(aJob().named("cpu").priority(5).cpu(12_000).memory(1024).build());
        runs(low, "low-0", List.of(0));
        runs(low, "low-1", List.of(1));
        runs(cpu, "cpu-0", List.of());
        Proposal p = pool.plan(aJob().named("urgent").priority(90).cpu(1000).memory(1024).gpu(1000).build(), 1);
        assertThat(stopped(p)).hasSize(1).allMatch(id -> id.startsWith("low-"));
        assertThat(nominated(p)).containsExactly("g");
    }
}

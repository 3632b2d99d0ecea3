package io.layerx.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import io.layerx.model.DesiredState;
import io.layerx.model.GpuDevice;
import io.layerx.model.Resources;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPU detection from text in the form nvidia-smi prints for {@code --query-gpu=index,name,memory.total
 * --format=csv,noheader,nounits} (one line per device, {@code ", "} between fields, memory in MiB, {@code [N/A]}
 * where a field is not supported; this machine has no GPU, so the text is written out, not captured), and the
 * docker device request of a task.
 */
class GpuProbeTest {

    /** An 8 x A100 80 GB machine. */
    private static final String DGX = """
            0, NVIDIA A100-SXM4-80GB, 81920
            1, NVIDIA A100-SXM4-80GB, 81920
            2, NVIDIA A100-SXM4-80GB, 81920
            3, NVIDIA A100-SXM4-80GB, 81920
            4, NVIDIA A100-SXM4-80GB, 81920
            5, NVIDIA A100-SXM4-80GB, 81920
            6, NVIDIA A100-SXM4-80GB, 81920
            7, NVIDIA A100-SXM4-80GB, 81920
            """;

    @Test
    void readsEveryDeviceOfAnEightGpuMachine() {
        List<GpuDevice> gpus = GpuProbe.parse(DGX);
        assertThat(gpus).hasSize(8);
        assertThat(gpus.getFirst()).isEqualTo(new GpuDevice(0, "NVIDIA A100-SXM4-80GB", 81_920));
        assertThat(gpus).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void readsMixedModelsUnknownMemoryAndSkipsNoise() {
        String text = "0, Tesla T4, 15360\r\n1, NVIDIA GeForce RTX 3090, [N/A]\n\nNo devices were found\n";
        assertThat(GpuProbe.parse(text)).containsExactly(new GpuDevice(0, "Tesla T4", 15_360),
                new GpuDevice(1, "NVIDIA GeForce RTX 3090", 0));
    }

    @Test
    void aMachineWithoutNvidiaSmiHasNoGpus() {
        assertThat(GpuProbe.detect("/nonexistent-dir-lx")).isEmpty();
        assertThat(GpuProbe.detect(null)).isEmpty();
    }

    @Test
    void aContainerAsksTheEngineForItsDevices() {
        Resources one = new Resources(100, 64, 0, 1000);
        Assignment a = new Assignment("t", "j", 1, DesiredState.RUN, TaskState.ASSIGNED, one, Map.of(),
                new TaskSpec("docker", List.of(), "img", Map.of(), one, List.of(), null), List.of(5));
        List<DeviceRequest> r = DockerDriver.gpuRequests(a);
        assertThat(r).hasSize(1);
        assertThat(r.getFirst().getDriver()).isEqualTo("nvidia");
        assertThat(r.getFirst().getDeviceIds()).containsExactly("5");
        assertThat(r.getFirst().getCapabilities()).containsExactly(List.of("gpu"));
    }
}

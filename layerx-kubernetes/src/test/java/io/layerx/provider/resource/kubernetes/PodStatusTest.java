package io.layerx.provider.resource.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.layerx.state.TaskEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every pod phase and container state LayerX reads, and the task event it means. */
class PodStatusTest {

    private static Pod pod(String phase, ContainerState state) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("t").endMetadata();
        if (phase == null) return b.build();
        return b.withNewStatus().withPhase(phase).withContainerStatuses(state == null ? java.util.List.of()
                : java.util.List.of(new ContainerStatusBuilder().withName("task").withState(state).build())).endStatus().build();
    }

    private static ContainerState waiting(String reason) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage("m").endWaiting().build();
    }

    private static ContainerState terminated(int code, String reason) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(reason).endTerminated().build();
    }

    @Test
    void aPodWithoutStatusOrPendingIsStarting() {
        assertThat(PodStatus.of(pod(null, null))).contains(new TaskEvent.Starting());
        assertThat(PodStatus.of(pod("Pending", waiting("ContainerCreating")))).contains(new TaskEvent.Starting());
    }

    @Test
    void imagePullAndCreateErrorsAreFailuresWithTheKubeletsReason() {
        assertThat(PodStatus.of(pod("Pending", waiting("ImagePullBackOff"))))
                .contains(new TaskEvent.Failed("image pull failed (ImagePullBackOff): m"));
        assertThat(PodStatus.of(pod("Pending", waiting("InvalidImageName"))))
                .contains(new TaskEvent.Failed("image pull failed (InvalidImageName): m"));
        assertThat(PodStatus.of(pod("Pending", waiting("CreateContainerConfigError"))))
                .contains(new TaskEvent.Failed("the container could not be created (CreateContainerConfigError): m"));
    }

    @Test
    void runningNeedsTheContainerRunning() {
        ContainerState running = new ContainerStateBuilder().withNewRunning().endRunning().build();
        assertThat(PodStatus.of(pod("Running", running))).contains(new TaskEvent.Running());
        assertThat(PodStatus.of(pod("Running", waiting("ContainerCreating")))).contains(new TaskEvent.Starting());
    }

    @Test
    void endedPodsExitWithTheirCodeOrFailWithTheirReason() {
        assertThat(PodStatus.of(pod("Succeeded", terminated(0, "Completed")))).contains(new TaskEvent.Exited(0));
        assertThat(PodStatus.of(pod("Failed", terminated(3, "Error")))).contains(new TaskEvent.Exited(3));
        assertThat(PodStatus.of(pod("Failed", terminated(137, "OOMKilled"))))
                .contains(new TaskEvent.Failed("OOM killed: the container went over its memory limit"));
        Pod evicted = new PodBuilder(pod("Failed", null)).editStatus().withReason("Evicted")
                .withMessage("low on memory").endStatus().build();
        assertThat(PodStatus.of(evicted)).contains(new TaskEvent.Failed("pod failed (Evicted): low on memory"));
    }

    @Test
    void anUnknownPhaseSaysNothing() {
        assertThat(PodStatus.of(pod("Unknown", null))).isEqualTo(Optional.empty());
    }
}

package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.layerx.state.TaskEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a LayerX pod's phase and container state say about its task: {@code Pending} is starting (unless the image
 * cannot be pulled or the container cannot be made: failed, with the kubelet's reason), {@code Running} with the
 * container running is running, {@code Succeeded} exited 0, {@code Failed} exited with the container's code or failed
 * with its reason ({@code OOMKilled}: out of memory; an eviction: the kubelet's message). Pure.
 */
final class PodStatus {

    private static final Set<String> IMAGE_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable");
    private static final Set<String> CREATE_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    private PodStatus() {
    }

    static Optional<TaskEvent> of(Pod p) {
        String phase = p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
        Optional<ContainerStatus> c = container(p);
        return switch (phase) {
            case "Pending" -> Optional.of(waiting(c));
            case "Running" -> c.map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false)
                    ? Optional.of(new TaskEvent.Running()) : Optional.of(waiting(c));
            case "Succeeded" -> Optional.of(new TaskEvent.Exited(terminated(c).map(t -> orZero(t.getExitCode())).orElse(0)));
            case "Failed" -> Optional.of(failed(p, terminated(c)));
            default -> Optional.empty(); // Unknown: the node's kubelet does not report; the node's state tells
        };
    }

    private static TaskEvent waiting(Optional<ContainerStatus> c) {
        Optional<ContainerStateWaiting> w = c.map(ContainerStatus::getState).map(s -> s.getWaiting());
        if (w.isPresent() && w.get().getReason() != null) {
            String reason = w.get().getReason();
            String detail = w.get().getMessage() == null ? "" : ": " + w.get().getMessage();
            if (IMAGE_ERRORS.contains(reason)) return new TaskEvent.Failed("image pull failed (" + reason + ")" + detail);
            if (CREATE_ERRORS.contains(reason)) return new TaskEvent.Failed("the container could not be created (" + reason + ")" + detail);
        }
        return new TaskEvent.Starting();
    }

    private static TaskEvent failed(Pod p, Optional<ContainerStateTerminated> t) {
        if (t.isPresent()) {
            if ("OOMKilled".equals(t.get().getReason())) {
                return new TaskEvent.Failed("OOM killed: the container went over its memory limit");
            }
            return new TaskEvent.Exited(orZero(t.get().getExitCode()));
        }
        String reason = p.getStatus().getReason() == null ? "Failed" : p.getStatus().getReason();
        String message = p.getStatus().getMessage() == null ? "" : ": " + p.getStatus().getMessage();
        return new TaskEvent.Failed("pod failed (" + reason + ")" + message);
    }

    private static Optional<ContainerStatus> container(Pod p) {
        List<ContainerStatus> all = p.getStatus() == null ? null : p.getStatus().getContainerStatuses();
        if (all == null) return Optional.empty();
        return all.stream().filter(s -> PodPlan.CONTAINER.equals(s.getName())).findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(Optional<ContainerStatus> c) {
        return c.map(ContainerStatus::getState).map(s -> s.getTerminated());
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}

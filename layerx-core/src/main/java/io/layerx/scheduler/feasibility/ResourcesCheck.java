package io.layerx.scheduler.feasibility;

import io.layerx.model.GpuShares;
import io.layerx.model.Node;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every resource dimension, and host ports, against what is left on a node. */
public final class ResourcesCheck {

    private ResourcesCheck() {
    }

    public static Optional<Rejection> check(Resources free, Resources demand) {
        List<String> short_ = free.shortfall(demand);
        return short_.isEmpty() ? Optional.empty() : Optional.of(new Rejection("resources", short_.getFirst()));
    }

    /** The task's gpu against the node's devices: a share on one device, or whole idle devices. */
    public static Optional<Rejection> checkGpu(GpuShares free, long demand) {
        if (free.fits(demand)) return Optional.empty();
        return Optional.of(new Rejection("resources", demand < GpuShares.WHOLE ? "gpu share on one device" : "idle gpu devices"));
    }

    /** Every dimension, and the gpu per device. */
    public static Optional<Rejection> check(Resources free, GpuShares gpus, Resources demand) {
        return check(free, demand).or(() -> checkGpu(gpus, demand.gpu()));
    }

    /** Static ports must be unused and inside nothing else's hands; dynamic ones need room in the node's range. */
    public static Optional<Rejection> checkPorts(Node node, Set<Integer> used, List<PortRequest> ports) {
        int dynamic = 0;
        for (PortRequest p : ports) {
            if (p.dynamic()) {
                dynamic++;
            } else if (used.contains(p.value())) {
                return Optional.of(new Rejection("ports", "port " + p.value() + " in use"));
            }
        }
        long usedInRange = used.stream().filter(v -> v >= node.portLow() && v < node.portLow() + node.maxPorts()).count();
        if (dynamic > node.maxPorts() - usedInRange) {
            return Optional.of(new Rejection("ports", "no free dynamic ports"));
        }
        return Optional.empty();
    }

    public static Optional<Rejection> checkNodeState(Node node) {
        return node.ready() ? Optional.empty() : Optional.of(new Rejection("node", "node " + node.state().wire()));
    }
}

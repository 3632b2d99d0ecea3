package io.layerx.layers;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the layer controller writes for one image set (at {@code /imagesetstate/NAME}): each selected node's state and
 * how the roll to {@code target} goes. Every write is a state change, so the event stream shows each one.
 *
 * @param attempt    the {@link ImageSetHistory#attempt()} this status follows
 * @param failedNode where the roll stopped, or {@code null}
 * @param failure    why it stopped there
 */
public record ImageSetStatus(String name, long target, long attempt, Map<String, NodeLayer> nodes, String failedNode,
                             String failure, boolean paused, Instant updated) {

    public ImageSetStatus {
        Objects.requireNonNull(name, "name");
        nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
        failure = failure == null ? "" : failure;
    }

    /** {@code rolling}, {@code paused}, {@code failed} or {@code done}. */
    public String phase() {
        if (failedNode != null) return "failed";
        boolean done = nodes.values().stream().allMatch(n -> n.state() == LayerState.READY && n.version() == target);
        if (done) return "done";
        return paused ? "paused" : "rolling";
    }

    /** True when both say the same, ignoring when they were written. */
    boolean same(ImageSetStatus o) {
        return o != null && target == o.target && attempt == o.attempt && nodes.equals(o.nodes)
                && Objects.equals(failedNode, o.failedNode) && failure.equals(o.failure) && paused == o.paused;
    }
}

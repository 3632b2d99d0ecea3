package io.layerx.layers;

import java.time.Instant;
import java.util.Objects;

/**
 * An image set on one node.
 *
 * @param version the version the node's members are (or are being) switched to; 0 before the first
 * @param ready   the version that was last ready on the node (0: none yet)
 * @param reason  why it is in its state (a member's failure, what a drain waits for), may be empty
 * @param since   when it entered its state
 */
public record NodeLayer(String node, LayerState state, long version, long ready, String reason, Instant since) {

    public NodeLayer {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }

    /** The same node in another state (since {@code at} when the state changed). */
    public NodeLayer with(LayerState s, long v, String why, Instant at) {
        boolean same = s == state && v == version;
        return new NodeLayer(node, s, v, s == LayerState.READY ? v : ready, why, same ? since : at);
    }
}

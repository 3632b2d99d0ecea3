package io.layerx.layers;

import java.util.Locale;

/**
 * Where an image set stands on one node, the state graph of the layer controller:
 * {@code absent -> pulling -> starting -> ready}, {@code ready -> draining} (layer-2 work moves off before a new
 * version), and {@code failed} from any state; a failed member is restarted with back-off, so {@code failed} leads
 * back to {@code pulling} by itself.
 */
public enum LayerState {
    ABSENT, PULLING, STARTING, READY, DRAINING, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a node whose members are in {@code this} and {@code o}: the one further from ready. */
    LayerState worse(LayerState o) {
        return rank() >= o.rank() ? this : o;
    }

    private int rank() {
        return switch (this) {
            case READY -> 0;
            case STARTING -> 1;
            case PULLING -> 2;
            case ABSENT -> 3;
            case DRAINING -> 4;
            case FAILED -> 5;
        };
    }
}

package io.layerx.model;

/** A node's condition as the core sees it. Only {@code READY} nodes take new work. */
public enum NodeState {
    READY, DRAINING, DOWN, LOST;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.layerx.model;

/**
 * A host port a task needs. {@code value == 0} asks for any free port of the node's range; a positive value
 * asks for exactly that port.
 */
public record PortRequest(String label, int value) {
    public PortRequest {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("port label is empty");
    }

    public boolean dynamic() {
        return value == 0;
    }
}

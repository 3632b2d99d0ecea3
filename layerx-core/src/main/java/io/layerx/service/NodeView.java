package io.layerx.service;

import io.layerx.model.Node;
import io.layerx.model.Resources;

/** A node with what its live tasks reserve on it. */
public record NodeView(Node node, Resources allocated, int tasks) {
}

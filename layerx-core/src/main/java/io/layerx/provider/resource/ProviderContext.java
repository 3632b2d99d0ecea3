package io.layerx.provider.resource;

import io.layerx.clock.Timer;
import io.layerx.controller.NodeWriter;
import io.layerx.controller.StatusWriter;
import io.layerx.snapshot.StateCache;
import java.time.InstantSource;

/**
 * What the core lends a provider: the view to follow, where to report task events ({@code status}) and node changes
 * ({@code nodes}: a node's state, e.g. lost when its machine stops answering, and its capacity), and time.
 */
public record ProviderContext(StateCache view, StatusWriter status, NodeWriter nodes, Timer timer, InstantSource clock) {
}

package io.layerx.provider.resource;

import io.layerx.clock.Timer;
import io.layerx.controller.NodeWriter;
import io.layerx.controller.StatusWriter;
import io.layerx.snapshot.StateCache;
import io.layerx.usage.UsageBoard;
import java.time.InstantSource;

/**
 * What the core lends a provider: the view to follow, where to report task events ({@code status}) and node changes
 * ({@code nodes}: a node's state, e.g. lost when its machine stops answering, and its capacity), time, and the
 * {@code usage} board every provider reports its nodes' live use to (one board for the whole pool).
 */
public record ProviderContext(StateCache view, StatusWriter status, NodeWriter nodes, Timer timer, InstantSource clock,
                              UsageBoard usage) {

    /** A context with a board of its own (for providers tested alone). */
    public ProviderContext(StateCache view, StatusWriter status, NodeWriter nodes, Timer timer, InstantSource clock) {
        this(view, status, nodes, timer, clock, new UsageBoard(clock));
    }
}

package io.layerx.provider.resource;

import io.layerx.clock.Timer;
import io.layerx.controller.StatusWriter;
import io.layerx.snapshot.StateCache;
import java.time.InstantSource;

/** What the core lends a provider: the view to follow, where to report, time. */
public record ProviderContext(StateCache view, StatusWriter status, Timer timer, InstantSource clock) {
}

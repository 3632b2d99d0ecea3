package io.layerx.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;

/**
 * How the core runs.
 *
 * @param brains        how many built-in brains place pending work in parallel
 * @param resync        how often every controller re-checks every key, besides reacting to changes
 * @param clock         the time source for every record and timer
 * @param meters        where metrics go
 */
public record CoreOptions(int brains, Duration resync, InstantSource clock, MeterRegistry meters) {
    public CoreOptions {
        if (brains < 1) throw new IllegalArgumentException("brains must be >= 1");
    }
}

package io.layerx.bench;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Wall time with {@link System#nanoTime()} resolution, so that instants the core stamps on records (a task's
 * {@code updated} when the applier checks its placement) can be compared with the benchmark's own readings.
 */
final class NanoClock implements InstantSource {

    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    /** The {@link System#nanoTime()} reading that corresponds to {@code t}. */
    long nanosOf(Instant t) {
        return baseNanos + (t.getEpochSecond() - base.getEpochSecond()) * 1_000_000_000L
                + (t.getNano() - base.getNano());
    }
}

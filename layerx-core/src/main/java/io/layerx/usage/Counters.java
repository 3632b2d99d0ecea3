package io.layerx.usage;

/**
 * A task's raw counters at one moment, as cgroups or the engine's stats show them: cpu is cumulative, the rest are
 * levels. {@link UsageMeter} turns two readings into a rate.
 *
 * @param cpuNanos cpu time used since the task started, in nanoseconds ({@code -1}: not measured)
 * @param memory   working set bytes: usage less inactive file cache
 * @param rss      anonymous resident bytes
 * @param pids     processes now
 * @param readNanos when the source read them, in nanoseconds of its own clock (an engine's stats {@code read}
 *                 time), or {@code -1}: the reader's clock at the reading applies. A rate between two readings of
 *                 the source's own times is free of the call's latency.
 */
public record Counters(long cpuNanos, long memory, long rss, long pids, long readNanos) {

    /** Counters read now, by the reader's clock (cgroup files). */
    public Counters(long cpuNanos, long memory, long rss, long pids) {
        this(cpuNanos, memory, rss, pids, -1);
    }
}

package io.layerx.usage;

/**
 * A task's raw counters at one moment, as cgroups or the engine's stats show them: cpu is cumulative, the rest are
 * levels. {@link UsageMeter} turns two readings into a rate.
 *
 * @param cpuNanos cpu time used since the task started, in nanoseconds ({@code -1}: not measured)
 * @param memory   working set bytes: usage less inactive file cache
 * @param rss      anonymous resident bytes
 * @param pids     processes now
 */
public record Counters(long cpuNanos, long memory, long rss, long pids) {
}

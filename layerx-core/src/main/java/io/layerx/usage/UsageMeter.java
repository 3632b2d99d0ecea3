package io.layerx.usage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns each task's raw counters into usage: cpu as the rate between the last two readings (millicores), memory and
 * pids as read. The interval is the source's own read times when both readings have one (an engine's stats), else
 * the reader's clock, so a slow call does not inflate or deflate the rate. The first reading of a task has no rate
 * yet, so it shows no usage; a reading the source did not refresh (the same read time) gives the last usage again.
 * Single writer: the agent's usage loop (or a docker node's probe).
 */
public final class UsageMeter {

    private record Reading(Counters counters, long atNanos, Usage usage) {
    }

    private final Map<String, Reading> last = new HashMap<>();

    /** The task's usage from this reading and the one before; empty for its first reading. */
    public Optional<Usage> read(String task, Counters now, long atNanos) {
        Reading before = last.get(task);
        if (before == null) {
            last.put(task, new Reading(now, atNanos, null));
            return Optional.empty();
        }
        boolean sourceTimes = now.readNanos() >= 0 && before.counters().readNanos() >= 0;
        long from = sourceTimes ? before.counters().readNanos() : before.atNanos();
        long to = sourceTimes ? now.readNanos() : atNanos;
        if (to <= from) return Optional.ofNullable(before.usage());
        long cpu = 0;
        if (now.cpuNanos() >= 0 && before.counters().cpuNanos() >= 0) {
            long used = Math.max(0, now.cpuNanos() - before.counters().cpuNanos());
            cpu = Math.round(used * 1000.0 / (to - from));
        }
        Usage usage = new Usage(cpu, now.memory(), now.rss(), now.pids());
        last.put(task, new Reading(now, atNanos, usage));
        return Optional.of(usage);
    }

    /** Forgets the tasks not in {@code running}. */
    public void keepOnly(Set<String> running) {
        last.keySet().retainAll(running);
    }
}

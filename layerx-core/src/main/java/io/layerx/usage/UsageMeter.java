package io.layerx.usage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns each task's raw counters into usage: cpu as the rate between the last two readings (millicores), memory and
 * pids as read. The first reading of a task has no rate yet, so it shows no usage. Single writer: the agent's usage
 * loop (or a docker node's probe).
 */
public final class UsageMeter {

    private record Reading(Counters counters, long atNanos) {
    }

    private final Map<String, Reading> last = new HashMap<>();

    /** The task's usage from this reading and the one before; empty for its first reading. */
    public Optional<Usage> read(String task, Counters now, long atNanos) {
        Reading before = last.put(task, new Reading(now, atNanos));
        if (before == null || atNanos <= before.atNanos()) return Optional.empty();
        long cpu = 0;
        if (now.cpuNanos() >= 0 && before.counters().cpuNanos() >= 0) {
            long used = Math.max(0, now.cpuNanos() - before.counters().cpuNanos());
            cpu = Math.round(used * 1000.0 / (atNanos - before.atNanos()));
        }
        return Optional.of(new Usage(cpu, now.memory(), now.rss(), now.pids()));
    }

    /** Forgets the tasks not in {@code running}. */
    public void keepOnly(Set<String> running) {
        last.keySet().retainAll(running);
    }
}

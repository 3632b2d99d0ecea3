package io.layerx.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The counters in a Docker or Podman stats answer ({@code GET /containers/ID/stats}), with the engine's {@code read}
 * time (a container that is not running has the zero time {@code 0001-01-01T00:00:00Z}: none then).
 */
public final class EngineStats {

    private EngineStats() {
    }

    public static Counters counters(JsonNode stats) {
        JsonNode cpu = stats.path("cpu_stats").path("cpu_usage").path("total_usage");
        JsonNode memory = stats.path("memory_stats");
        JsonNode detail = memory.path("stats");
        long inactive = first(detail, "total_inactive_file", "inactive_file");
        long rss = first(detail, "total_rss", "rss", "anon");
        long usage = memory.path("usage").asLong(0);
        return new Counters(cpu.isNumber() ? cpu.asLong() : -1, Math.max(0, usage - inactive), rss,
                stats.path("pids_stats").path("current").asLong(0), readNanos(stats.path("read").asText("")));
    }

    private static long readNanos(String read) {
        try {
            Instant at = Instant.parse(read);
            return at.getEpochSecond() <= 0 ? -1 : Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L) + at.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1; // no read time: the reader's clock applies
        }
    }

    private static long first(JsonNode detail, String... names) {
        for (String n : names) if (detail.hasNonNull(n)) return detail.get(n).asLong();
        return 0;
    }
}

package io.layerx.usage;

import com.fasterxml.jackson.databind.JsonNode;

/** The counters in a Docker or Podman stats answer ({@code GET /containers/ID/stats}). */
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
                stats.path("pids_stats").path("current").asLong(0));
    }

    private static long first(JsonNode detail, String... names) {
        for (String n : names) if (detail.hasNonNull(n)) return detail.get(n).asLong();
        return 0;
    }
}

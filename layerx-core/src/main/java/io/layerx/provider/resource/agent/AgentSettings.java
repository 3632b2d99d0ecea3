package io.layerx.provider.resource.agent;

import io.layerx.model.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An agent cluster's settings: {@code heartbeatGraceMs}, how long a node may miss heartbeats before it is lost
 * (default 10,000). Agents heartbeat five times per grace, at most every 2 s.
 */
record AgentSettings(Duration grace) {

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    static final String GRACE = "heartbeatGraceMs";
    private static final Set<String> KNOWN = Set.of(GRACE);

    static AgentSettings read(Cluster c, List<String> problems) {
        Map<String, String> s = c.settings();
        for (String k : s.keySet()) {
            if (!KNOWN.contains(k)) problems.add("unknown agent setting '" + k + "' (known: " + GRACE + ")");
        }
        String raw = s.get(GRACE);
        if (raw == null || raw.isBlank()) return new AgentSettings(DEFAULT_GRACE);
        try {
            long ms = Long.parseLong(raw.trim());
            if (ms >= 500 && ms <= 3_600_000) return new AgentSettings(Duration.ofMillis(ms));
            problems.add(GRACE + " must be between 500 and 3600000, got " + ms);
        } catch (NumberFormatException e) {
            problems.add(GRACE + " must be a whole number of milliseconds, got '" + raw + "'");
        }
        return new AgentSettings(DEFAULT_GRACE);
    }

    Duration heartbeat() {
        Duration fifth = grace.dividedBy(5);
        return fifth.compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : fifth;
    }
}

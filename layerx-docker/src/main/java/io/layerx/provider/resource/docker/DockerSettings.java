package io.layerx.provider.resource.docker;

import io.layerx.model.Cluster;
import io.layerx.provider.resource.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A docker cluster's settings: {@code endpoints} (comma-separated {@link Endpoint}s, one node each), {@code network}
 * (the network mode of the containers LayerX creates, e.g. {@code none} or {@code host}; default: the engine's),
 * {@code probeMs} (how often each engine is probed and its containers resynced, default 2000), {@code lostAfter}
 * (failed probes in a row that make the node lost, default 3) and {@code stopTimeoutSec} (how long a stopped
 * container gets to exit before it is killed, default 10).
 */
record DockerSettings(List<Endpoint> endpoints, String network, Duration probe, int lostAfter, Duration stopTimeout) {

    static final String ENDPOINTS = "endpoints";
    static final int MAX_ENDPOINTS = 1000;
    private static final Set<String> KNOWN = Set.of(ENDPOINTS, "network", "probeMs", "lostAfter", "stopTimeoutSec");

    DockerSettings {
        endpoints = List.copyOf(endpoints);
    }

    /** Reads the settings, adding every problem found to {@code problems}. */
    static DockerSettings read(Cluster c, List<String> problems) {
        Map<String, String> s = c.settings();
        for (String k : s.keySet()) {
            if (!KNOWN.contains(k)) {
                problems.add("unknown docker setting '" + k + "' (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
        List<Endpoint> endpoints = endpoints(s.getOrDefault(ENDPOINTS, ""), problems);
        String network = s.get("network");
        if (network != null && !network.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
            problems.add("network '" + network + "' is not a network mode name (e.g. none, host, bridge)");
        }
        long probe = ClusterSettings.number(s, "probeMs", 2000, 100, 60_000, problems);
        long lostAfter = ClusterSettings.number(s, "lostAfter", 3, 1, 100, problems);
        long stop = ClusterSettings.number(s, "stopTimeoutSec", 10, 0, 300, problems);
        return new DockerSettings(endpoints, network == null || network.isBlank() ? null : network,
                Duration.ofMillis(probe), (int) lostAfter, Duration.ofSeconds(stop));
    }

    private static List<Endpoint> endpoints(String raw, List<String> problems) {
        List<Endpoint> out = new ArrayList<>();
        if (raw.isBlank()) {
            problems.add("docker cluster needs at least one endpoint (unix:///path/docker.sock or tcp://HOST:PORT)");
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) continue;
            Endpoint e = Endpoint.parse(part, problems);
            if (e == null) continue;
            if (!seen.add(e.address().toString())) problems.add("endpoint " + e.address() + " is given twice");
            out.add(e);
        }
        if (out.size() > MAX_ENDPOINTS) problems.add("a docker cluster has at most " + MAX_ENDPOINTS + " endpoints");
        return out;
    }
}

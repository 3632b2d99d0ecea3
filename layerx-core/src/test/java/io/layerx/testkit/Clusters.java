package io.layerx.testkit;

import io.layerx.model.Cluster;
import java.util.HashMap;
import java.util.Map;

/** Test data for simulated clusters. */
public final class Clusters {
    private Clusters() {
    }

    public static Cluster sim(String name, int nodes, long cpu, long memory) {
        return sim(name, nodes, cpu, memory, Map.of());
    }

    public static Cluster sim(String name, int nodes, long cpu, long memory, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("nodes", String.valueOf(nodes), "cpu", String.valueOf(cpu),
                "memory", String.valueOf(memory), "startDelayMs", "20"));
        s.putAll(extra);
        return new Cluster(name, "sim", Map.of(), s, null);
    }
}

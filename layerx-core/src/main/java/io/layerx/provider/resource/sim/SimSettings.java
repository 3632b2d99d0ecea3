package io.layerx.provider.resource.sim;

import io.layerx.model.Cluster;
import io.layerx.model.GpuDevice;
import io.layerx.provider.resource.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated cluster's shape, read from its settings: {@code nodes}, {@code cpu} (millicores), {@code memory}
 * (MiB), {@code disk} (MiB, default 0), {@code startDelayMs} (default 200), {@code zones} (spread nodes over this
 * many {@code zone} labels z1..zN, default 0), {@code nodeLabels} ({@code k=v,k=v}), {@code gpus} (GPU devices
 * per node, default 0), {@code gpuModel} (default {@code sim-gpu}), {@code gpuMemory} (MiB per device, default
 * 16384) and {@code usageRatio} (a decimal in [0, 1]: the share of its reservation a running task uses on average,
 * as {@link SimUsage} reports it; default 0, no use reported).
 */
record SimSettings(int nodes, long cpu, long memory, long disk, Duration startDelay, int zones,
                   Map<String, String> nodeLabels, int gpus, String gpuModel, long gpuMemory, double usageRatio) {

    static final String DEFAULT_GPU_MODEL = "sim-gpu";

    static final int MAX_NODES = 200_000;
    static final String USAGE_RATIO = "usageRatio";
    private static final Set<String> KNOWN = Set.of("nodes", "cpu", "memory", "disk", "startDelayMs", "zones", "nodeLabels",
            "gpus", "gpuModel", "gpuMemory", USAGE_RATIO);

    /** Reads the settings, adding every problem found to {@code problems}. */
    static SimSettings read(Cluster c, List<String> problems) {
        Map<String, String> s = c.settings();
        for (String k : s.keySet()) {
            if (!KNOWN.contains(k)) problems.add("unknown sim setting '" + k + "' (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
        }
        int nodes = (int) ClusterSettings.required(s, "sim", "nodes", 1, MAX_NODES, problems);
        long cpu = ClusterSettings.required(s, "sim", "cpu", 1, Long.MAX_VALUE / 4, problems);
        long memory = ClusterSettings.required(s, "sim", "memory", 1, Long.MAX_VALUE / 4, problems);
        long disk = ClusterSettings.number(s, "disk", 0, 0, Long.MAX_VALUE / 4, problems);
        long delay = ClusterSettings.number(s, "startDelayMs", 200, 0, 3_600_000, problems);
        int zones = (int) ClusterSettings.number(s, "zones", 0, 0, 1000, problems);
        Map<String, String> labels = labels(s.getOrDefault("nodeLabels", ""), problems);
        int gpus = (int) ClusterSettings.number(s, "gpus", 0, 0, 64, problems);
        long gpuMemory = ClusterSettings.number(s, "gpuMemory", 16_384, 0, Long.MAX_VALUE / 4, problems);
        String model = s.getOrDefault("gpuModel", "").isBlank() ? DEFAULT_GPU_MODEL : s.get("gpuModel").strip();
        return new SimSettings(nodes, cpu, memory, disk, Duration.ofMillis(delay), zones, labels, gpus, model, gpuMemory,
                ratio(s, problems));
    }

    private static double ratio(Map<String, String> s, List<String> problems) {
        String raw = s.get(USAGE_RATIO);
        if (raw == null || raw.isBlank()) return 0;
        try {
            double v = Double.parseDouble(raw.strip());
            if (v >= 0 && v <= 1) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(USAGE_RATIO + " must be a decimal between 0 and 1 (e.g. 0.3), got '" + raw + "'");
        return 0;
    }

    /** The GPU devices of each node. */
    List<GpuDevice> devices() {
        List<GpuDevice> out = new ArrayList<>(gpus);
        for (int i = 0; i < gpus; i++) out.add(new GpuDevice(i, gpuModel, gpuMemory));
        return out;
    }

    static Map<String, String> labels(String raw, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) return out;
        List<String> bad = new ArrayList<>();
        for (String pair : raw.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                bad.add(pair);
            } else {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (!bad.isEmpty()) problems.add("nodeLabels must be k=v pairs separated by commas, got " + bad);
        return out;
    }
}

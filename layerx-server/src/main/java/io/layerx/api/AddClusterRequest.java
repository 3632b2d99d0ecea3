package io.layerx.api;

import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /v1/clusters}. Absent numbers are left to the provider's defaults.
 *
 * @param nodes        how many nodes a simulated cluster has
 * @param nodeLabels   labels every node of the cluster gets
 * @param startDelayMs how long a simulated task takes to start
 */
public record AddClusterRequest(
        String name,
        String kind,
        Map<String, String> labels,
        Integer nodes,
        Long cpu,
        Long memory,
        Long disk,
        Map<String, String> nodeLabels,
        Long startDelayMs) {

    /** The settings key of the node labels: {@code k1=v1,k2=v2}, sorted by key. */
    public static final String NODE_LABELS = "nodeLabels";

    public AddClusterRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
    }

    /** The cluster to add; {@code Invalid} lists every problem of the request. */
    public Cluster toCluster() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name is required");
        } else if (!Names.valid(name)) {
            problems.add(Names.problem("name", name));
        }
        if (kind == null || kind.isBlank()) problems.add("kind is required");
        Map<String, String> settings = new LinkedHashMap<>();
        putCount(settings, problems, "nodes", nodes == null ? null : nodes.longValue());
        putCount(settings, problems, "cpu", cpu);
        putCount(settings, problems, "memory", memory);
        putCount(settings, problems, "disk", disk);
        putCount(settings, problems, "startDelayMs", startDelayMs);
        if (!nodeLabels.isEmpty()) {
            settings.put(NODE_LABELS, new TreeMap<>(nodeLabels).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        if (!problems.isEmpty()) {
            throw new LayerXException.Invalid(Problems.summary("cluster", problems), problems);
        }
        return new Cluster(name, kind, labels, settings, null);
    }

    private static void putCount(Map<String, String> settings, List<String> problems, String key, Long value) {
        if (value == null) return;
        if (value < 0) {
            problems.add(key + " must be >= 0, got " + value);
        } else {
            settings.put(key, Long.toString(value));
        }
    }
}

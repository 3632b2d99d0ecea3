package io.layerx.api;

import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.usage.CpuOvercommit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /v1/clusters}. The numbers become the cluster's provider settings as given (absent ones
 * are left to the provider's defaults); the provider checks them.
 *
 * @param nodes        how many nodes a simulated cluster has
 * @param zones        spread the nodes over this many {@code zone} labels z1..zN
 * @param nodeLabels   labels every node of the cluster gets
 * @param startDelayMs how long a simulated task takes to start
 * @param heartbeatGraceMs agent clusters: how long a node may miss heartbeats before it is lost
 * @param endpoints    docker clusters: the engines, one node each ({@code unix:///path/docker.sock},
 *                     {@code tcp://HOST:PORT}, with {@code ?cpu=MILLICORES&memory=MIB&disk=MIB} to set its capacity)
 * @param network      docker clusters: the network mode of the containers (e.g. {@code none}, {@code host})
 * @param kubeconfig   kubernetes clusters: the kubeconfig file's content (the CLI reads the file and sends it)
 * @param context      kubernetes clusters: the kubeconfig context to use (default: its current context)
 * @param namespace    kubernetes clusters: the namespace of LayerX's pods (default {@code default})
 * @param gpus         simulated clusters: GPU devices per node (default none)
 * @param gpuModel     simulated clusters: the model of those devices (node label {@code gpu.model})
 * @param gpuMemory    simulated clusters: each device's memory in MiB
 * @param usageRatio   simulated clusters: the share of its reservation a running task uses (0 to 1; default none)
 * @param cpuOvercommitByUse any cluster: place on cpu that running tasks reserve but do not use (memory never;
 *                     default off)
 */
public record AddClusterRequest(
        String name,
        String kind,
        Map<String, String> labels,
        Integer nodes,
        Long cpu,
        Long memory,
        Long disk,
        Integer zones,
        Map<String, String> nodeLabels,
        Long startDelayMs,
        Long heartbeatGraceMs,
        List<String> endpoints,
        String network,
        String kubeconfig,
        String context,
        String namespace,
        Integer gpus,
        String gpuModel,
        Long gpuMemory,
        Double usageRatio,
        Boolean cpuOvercommitByUse) {

    /** The settings key of the node labels: {@code k1=v1,k2=v2}, sorted by key. */
    public static final String NODE_LABELS = "nodeLabels";

    public AddClusterRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** The cluster to add; {@code Invalid} when the name or kind is missing. */
    public Cluster toCluster() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) problems.add("name is required");
        if (kind == null || kind.isBlank()) problems.add("kind is required");
        if (!problems.isEmpty()) {
            throw new LayerXException.Invalid(Problems.summary("cluster", problems), problems);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "nodes", nodes);
        put(settings, "cpu", cpu);
        put(settings, "memory", memory);
        put(settings, "disk", disk);
        put(settings, "zones", zones);
        put(settings, "startDelayMs", startDelayMs);
        put(settings, "heartbeatGraceMs", heartbeatGraceMs);
        put(settings, "gpus", gpus);
        put(settings, "gpuMemory", gpuMemory);
        if (gpuModel != null && !gpuModel.isBlank()) settings.put("gpuModel", gpuModel.strip());
        if (!endpoints.isEmpty()) settings.put("endpoints", String.join(",", endpoints));
        if (network != null && !network.isBlank()) settings.put("network", network.strip());
        if (kubeconfig != null && !kubeconfig.isBlank()) settings.put("kubeconfig", kubeconfig);
        if (context != null && !context.isBlank()) settings.put("context", context.strip());
        if (namespace != null && !namespace.isBlank()) settings.put("namespace", namespace.strip());
        put(settings, "usageRatio", usageRatio);
        if (Boolean.TRUE.equals(cpuOvercommitByUse)) settings.put(CpuOvercommit.SETTING, "true");
        if (!nodeLabels.isEmpty()) {
            settings.put(NODE_LABELS, new TreeMap<>(nodeLabels).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        return new Cluster(name, kind, labels, settings, null);
    }

    private static void put(Map<String, String> settings, String key, Number value) {
        if (value != null) settings.put(key, value.toString());
    }
}

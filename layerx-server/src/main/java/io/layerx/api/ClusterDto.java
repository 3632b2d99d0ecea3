package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.Cluster;
import io.layerx.model.Resources;
import io.layerx.service.ClusterView;
import java.time.Instant;
import java.util.Map;

/**
 * A cluster on the wire. The totals ({@code nodes} .. {@code tasks}) are left out where only the stored record is
 * known (in events). A kubeconfig among the settings holds credentials: it is shown as {@code (N bytes, hidden)}.
 */
public record ClusterDto(
        String name,
        String kind,
        Map<String, String> labels,
        Map<String, String> settings,
        Instant created,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer nodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer readyNodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Resources capacity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Resources allocated,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer tasks) {

    public static ClusterDto of(ClusterView v) {
        Cluster c = v.cluster();
        return new ClusterDto(c.name(), c.kind(), c.labels(), shown(c.settings()), c.created(), v.nodes(), v.readyNodes(),
                v.capacity(), v.allocated(), v.tasks());
    }

    public static ClusterDto of(Cluster c) {
        return new ClusterDto(c.name(), c.kind(), c.labels(), shown(c.settings()), c.created(), null, null, null, null, null);
    }

    private static Map<String, String> shown(Map<String, String> settings) {
        String kubeconfig = settings.get("kubeconfig");
        if (kubeconfig == null) return settings;
        Map<String, String> out = new java.util.TreeMap<>(settings);
        out.put("kubeconfig", "(" + kubeconfig.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes, hidden)");
        return out;
    }
}

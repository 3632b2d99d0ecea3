package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.GpuDevice;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.service.NodeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node on the wire. {@code allocated} and {@code tasks} are left out where only the stored record is known;
 * {@code reclaimedCpu} (millicores placement may use beyond the capacity, by observed use) when it is 0.
 */
public record NodeDto(
        String name,
        String cluster,
        String provider,
        NodeState state,
        Resources capacity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Resources allocated,
        Map<String, String> labels,
        String address,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer tasks,
        Instant joined,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<GpuDevice> gpus,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long reclaimedCpu) {

    public static NodeDto of(NodeView v) {
        Node n = v.node();
        return new NodeDto(n.name(), n.cluster(), n.provider(), n.state(), n.capacity(), v.allocated(), n.labels(),
                n.address(), v.tasks(), n.joined(), n.gpus(), reclaimed(n));
    }

    public static NodeDto of(Node n) {
        return new NodeDto(n.name(), n.cluster(), n.provider(), n.state(), n.capacity(), null, n.labels(),
                n.address(), null, n.joined(), n.gpus(), reclaimed(n));
    }

    private static Long reclaimed(Node n) {
        return n.reclaimedCpu() == 0 ? null : n.reclaimedCpu();
    }
}

package io.layerx.provider.resource.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a node of the pool follows its Kubernetes node, leaving LayerX's own drain alone. */
class NodeSyncTest {

    private static Node node(NodeState s, Map<String, String> labels) {
        return new Node("kc-w1", "kc", "kubernetes", new Resources(1000, 1024, 0), labels, s, "10.0.0.1", 0, 0, Instant.EPOCH);
    }

    private static Node kube(NodeState s) {
        return new Node("kc-w1", "kc", "kubernetes", new Resources(2000, 2048, 0), Map.of("zone", "a"), s, "10.0.0.2", 0, 0,
                Instant.now());
    }

    @Test
    void aDeletedOrNotReadyKubeNodeMakesTheNodeLost() {
        assertThat(NodeSync.merged(node(NodeState.READY, Map.of()), null).state()).isEqualTo(NodeState.LOST);
        assertThat(NodeSync.merged(node(NodeState.DRAINING, Map.of()), kube(NodeState.LOST)).state()).isEqualTo(NodeState.LOST);
    }

    @Test
    void aReadyKubeNodeBringsALostNodeBackWithItsCapacityAndLabelsKeepingWhenItJoined() {
        Node back = NodeSync.merged(node(NodeState.LOST, Map.of()), kube(NodeState.READY));
        assertThat(back.state()).isEqualTo(NodeState.READY);
        assertThat(back.capacity()).isEqualTo(new Resources(2000, 2048, 0));
        assertThat(back.labels()).containsEntry("zone", "a");
        assertThat(back.joined()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void cordoningDrainsAndUncordoningPutsBackToWorkButALayerXDrainStays() {
        Node cordoned = NodeSync.merged(node(NodeState.READY, Map.of()), kube(NodeState.DRAINING));
        assertThat(cordoned.state()).isEqualTo(NodeState.DRAINING);
        assertThat(cordoned.labels()).containsKey(NodeSync.CORDONED_LABEL);
        assertThat(NodeSync.merged(cordoned, kube(NodeState.READY)).state()).isEqualTo(NodeState.READY);

        Node drainedByUser = node(NodeState.DRAINING, Map.of());
        assertThat(NodeSync.merged(drainedByUser, kube(NodeState.READY)).state()).isEqualTo(NodeState.DRAINING);
        Node cordonedToo = NodeSync.merged(drainedByUser, kube(NodeState.DRAINING));
        assertThat(cordonedToo.labels()).doesNotContainKey(NodeSync.CORDONED_LABEL);
        assertThat(NodeSync.merged(cordonedToo, kube(NodeState.READY)).state()).isEqualTo(NodeState.DRAINING);
    }
}

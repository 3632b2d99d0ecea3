package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Kubernetes node becomes a LayerX node: named {@code CLUSTER-NODE}, with the node's allocatable resources less
 * what pods LayerX did not place there request, the node's labels, its taints as {@code taint.KEY=VALUE:EFFECT}
 * labels, {@code zone} and {@code region} from the well-known topology labels, and {@code driver.docker=true} (it
 * runs images). Pure.
 */
final class KubeNodes {

    /** The label carrying the Kubernetes node's own name. */
    static final String KUBE_NODE_LABEL = "kubernetes.node";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String REGION = "topology.kubernetes.io/region";
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024);

    private KubeNodes() {
    }

    static String nodeName(String cluster, String kubeNode) {
        return cluster + "-" + kubeNode;
    }

    /** The Kubernetes node's name behind {@code node} of {@code cluster}. */
    static String kubeName(String cluster, String node) {
        return node.substring(cluster.length() + 1);
    }

    /** Ready (its Ready condition is True). */
    static boolean ready(io.fabric8.kubernetes.api.model.Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) return false;
        for (NodeCondition c : n.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) return "True".equals(c.getStatus());
        }
        return false;
    }

    static boolean schedulable(io.fabric8.kubernetes.api.model.Node n) {
        return n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }

    /** The state a node of this Kubernetes node should be in: ready, draining when cordoned, lost when not Ready. */
    static NodeState state(io.fabric8.kubernetes.api.model.Node n) {
        if (!ready(n)) return NodeState.LOST;
        return schedulable(n) ? NodeState.READY : NodeState.DRAINING;
    }

    static Node toNode(Cluster cluster, io.fabric8.kubernetes.api.model.Node kn, Collection<Pod> pods, Instant now) {
        String kube = kn.getMetadata().getName();
        Map<String, String> labels = new LinkedHashMap<>(cluster.labels());
        Map<String, String> own = kn.getMetadata().getLabels();
        if (own != null) labels.putAll(own);
        if (own != null && own.containsKey(ZONE)) labels.put("zone", own.get(ZONE));
        if (own != null && own.containsKey(REGION)) labels.put("region", own.get(REGION));
        if (kn.getSpec() != null && kn.getSpec().getTaints() != null) {
            for (Taint t : kn.getSpec().getTaints()) {
                labels.put("taint." + t.getKey(), (t.getValue() == null ? "" : t.getValue()) + ":" + t.getEffect());
            }
        }
        labels.put(KUBE_NODE_LABEL, kube);
        labels.put(Node.driverLabel("docker"), "true");
        return new Node(nodeName(cluster.name(), kube), cluster.name(), KubernetesProvider.KIND,
                capacity(cluster.name(), kn, pods), labels, state(kn), address(kn), 0, 0, now);
    }

    /** Allocatable less the requests of the pods on the node that LayerX did not place and that have not ended. */
    static Resources capacity(String cluster, io.fabric8.kubernetes.api.model.Node kn, Collection<Pod> pods) {
        Map<String, Quantity> alloc = kn.getStatus() == null || kn.getStatus().getAllocatable() == null ? Map.of()
                : kn.getStatus().getAllocatable();
        long cpu = millicores(alloc.get("cpu"));
        long memory = mebibytes(alloc.get("memory"));
        long disk = mebibytes(alloc.get("ephemeral-storage"));
        String kube = kn.getMetadata().getName();
        for (Pod p : pods) {
            if (p.getSpec() == null || !kube.equals(p.getSpec().getNodeName()) || PodPlan.isOurs(p, cluster) || ended(p)) continue;
            for (Container c : p.getSpec().getContainers()) {
                Map<String, Quantity> req = c.getResources() == null || c.getResources().getRequests() == null
                        ? Map.of() : c.getResources().getRequests();
                cpu -= millicores(req.get("cpu"));
                memory -= mebibytes(req.get("memory"));
                disk -= mebibytes(req.get("ephemeral-storage"));
            }
        }
        return new Resources(Math.max(0, cpu), Math.max(0, memory), Math.max(0, disk));
    }

    static boolean ended(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static long millicores(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValue();
    }

    static long mebibytes(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).divide(MIB, java.math.RoundingMode.FLOOR).longValue();
    }

    private static String address(io.fabric8.kubernetes.api.model.Node kn) {
        if (kn.getStatus() != null && kn.getStatus().getAddresses() != null) {
            for (NodeAddress a : kn.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) return a.getAddress();
            }
        }
        return kn.getMetadata().getName();
    }
}

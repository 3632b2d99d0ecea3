package io.layerx.scheduler.feasibility;

import io.layerx.model.Cluster;
import io.layerx.model.Node;

/** Reads the attributes constraints name from a node and its cluster. */
public final class Attributes {

    private Attributes() {
    }

    /** The attribute's value, or {@code null} when the node or cluster lacks it. */
    public static String of(String attribute, Node node, Cluster cluster) {
        return switch (attribute) {
            case "node.name", "node.hostname" -> node.name();
            case "node.provider" -> node.provider();
            case "node.zone" -> inherited("zone", node, cluster);
            case "node.region" -> inherited("region", node, cluster);
            case "cluster.name" -> node.cluster();
            case "cluster.kind" -> cluster == null ? node.provider() : cluster.kind();
            default -> labelOf(attribute, node, cluster);
        };
    }

    private static String inherited(String label, Node node, Cluster cluster) {
        String v = node.labels().get(label);
        return v != null || cluster == null ? v : cluster.labels().get(label);
    }

    private static String labelOf(String attribute, Node node, Cluster cluster) {
        if (attribute.startsWith("node.labels.")) {
            return node.labels().get(attribute.substring("node.labels.".length()));
        }
        if (attribute.startsWith("cluster.labels.")) {
            return cluster == null ? null : cluster.labels().get(attribute.substring("cluster.labels.".length()));
        }
        return null;
    }

    /** True when the attribute differs between nodes of one class (only the node's own name does). */
    public static boolean perNode(String attribute) {
        return attribute.equals("node.name") || attribute.equals("node.hostname");
    }
}

package io.layerx.model;

import java.util.Set;

/** Topology keys: the domains affinity and spread count tasks in. */
public final class Topology {
    public static final String NODE = "node";
    public static final String CLUSTER = "cluster";
    public static final String ZONE = "zone";
    public static final String REGION = "region";
    public static final Set<String> BUILT_IN = Set.of(NODE, CLUSTER, ZONE, REGION);

    private Topology() {
    }

    /** A built-in key, or {@code node.labels.KEY} / {@code cluster.labels.KEY}. */
    public static boolean valid(String key) {
        return key != null && (BUILT_IN.contains(key)
                || key.matches("(node|cluster)\\.labels\\.[A-Za-z0-9_.\\-/]+"));
    }

    /** The attribute whose value names a node's domain. */
    public static String attribute(String key) {
        return switch (key) {
            case NODE -> "node.name";
            case CLUSTER -> "cluster.name";
            case ZONE -> "node.zone";
            case REGION -> "node.region";
            default -> key;
        };
    }
}

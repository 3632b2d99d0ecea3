package io.layerx.model;

/**
 * Affinity or anti-affinity to other tasks (Kubernetes' pod affinity, Swarm's affinity:container, fleet's MachineOf
 * and Conflicts): place in a topology domain (node, cluster, zone, region, or a node label) that does ({@code anti}
 * false) or does not ({@code anti} true) already run a task the selector picks.
 *
 * @param required hard rule (filter) when true; else a preference worth {@code weight} (1..100)
 */
public record Affinity(TaskSelector selector, String topology, boolean anti, boolean required, int weight) {
    public Affinity {
        topology = topology == null ? Topology.NODE : topology;
    }

    public String describe() {
        return (required ? "" : "preferred ") + (anti ? "anti-affinity" : "affinity") + " to " + selector.describe()
                + " by " + topology;
    }
}

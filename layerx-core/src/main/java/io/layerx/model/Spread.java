package io.layerx.model;

/**
 * Topology spread of the job's own tasks: across the domains of {@code topology} the count of tasks may differ by
 * at most {@code maxSkew}. Required: a filter (tasks wait rather than skew); preferred: worth {@code weight}.
 */
public record Spread(String topology, int maxSkew, boolean required, int weight) {
    public Spread {
        topology = topology == null ? Topology.ZONE : topology;
    }
}

package io.layerx.model;

/** How the brain ranks feasible nodes for a job. */
public enum Strategy {
    /** fill the fullest node that fits first: fewer nodes used */
    BINPACK,
    /** prefer the node with the fewest tasks of this job, then the emptiest: failures hit fewer replicas */
    SPREAD,
    /** any feasible node, uniformly: no hot spots from identical scores */
    RANDOM;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

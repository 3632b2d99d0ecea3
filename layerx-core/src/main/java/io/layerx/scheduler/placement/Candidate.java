package io.layerx.scheduler.placement;

import io.layerx.model.GpuShares;
import io.layerx.model.Node;
import io.layerx.model.Resources;

/** A feasible node during one planning pass, with what the pass has already put on it. Pass-local, mutable. */
final class Candidate {
    final Node node;
    /** The node's domain for the job's first spread rule ("" when the job has none). */
    final String domain;
    /** Static score from preferences and preferred affinity, computed once per pass. */
    final double bonus;
    Resources free;
    /** The free share of each GPU device, less what the pass put there. */
    GpuShares gpus;
    int jobTasks;
    int freeDynamicPorts;
    double score;

    Candidate(Node node, String domain, double bonus, Resources free, GpuShares gpus, int jobTasks,
              int freeDynamicPorts) {
        this.gpus = gpus;
        this.node = node;
        this.domain = domain;
        this.bonus = bonus;
        this.free = free;
        this.jobTasks = jobTasks;
        this.freeDynamicPorts = freeDynamicPorts;
    }
}

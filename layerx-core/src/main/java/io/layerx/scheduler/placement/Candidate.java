package io.layerx.scheduler.placement;

import io.layerx.model.Node;
import io.layerx.model.Resources;

/** A feasible node during one planning pass, with what the pass has already put on it. Pass-local, mutable. */
final class Candidate {
    final Node node;
    Resources free;
    int jobTasks;
    int freeDynamicPorts;
    double score;

    Candidate(Node node, Resources free, int jobTasks, int freeDynamicPorts) {
        this.node = node;
        this.free = free;
        this.jobTasks = jobTasks;
        this.freeDynamicPorts = freeDynamicPorts;
    }
}

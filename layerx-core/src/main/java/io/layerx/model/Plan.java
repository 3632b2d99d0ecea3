package io.layerx.model;

import java.util.List;

/**
 * A brain's proposal.
 *
 * @param brain            who proposed it, for metrics and events
 * @param snapshotRevision the store revision of the snapshot the brain read
 */
public record Plan(String brain, long snapshotRevision, List<PlanStep> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}

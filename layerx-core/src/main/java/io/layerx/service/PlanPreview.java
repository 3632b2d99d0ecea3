package io.layerx.service;

import java.util.List;
import java.util.Map;

/**
 * A dry run of a job: where each task would go now, and for what fits nowhere, why.
 *
 * @param placements one entry per task that would be placed
 * @param filtered   nodes each filter removed (e.g. {@code "constraint cluster.name == a": 8})
 * @param preempted  tasks of lower priority that would be stopped to make room
 */
public record PlanPreview(List<Placed> placements, int unplaced, int evaluated, Map<String, Integer> filtered,
                          List<String> problems, List<String> preempted) {
    public PlanPreview {
        placements = List.copyOf(placements);
        filtered = Map.copyOf(filtered);
        problems = List.copyOf(problems);
        preempted = List.copyOf(preempted);
    }

    /** One task's place: its slot (or target node for system jobs), the node and its cluster. */
    public record Placed(int slot, String node, String cluster) {
    }
}

package io.layerx.scheduler;

import io.layerx.model.Plan;
import java.util.List;
import java.util.Map;

/**
 * A brain's answer for one job: the plan, for tasks it could not place why (one line per reason, with node counts,
 * as Nomad's placement metrics say it), and how many nodes each filter removed.
 */
public record Proposal(Plan plan, int unplaced, List<String> problems, Map<String, Integer> filtered) {
    public Proposal {
        problems = List.copyOf(problems);
        filtered = Map.copyOf(filtered);
    }

    public static Proposal empty(String brain, long revision) {
        return new Proposal(new Plan(brain, revision, List.of()), 0, List.of(), Map.of());
    }
}

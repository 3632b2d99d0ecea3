package io.layerx.scheduler;

import io.layerx.model.Plan;
import java.util.List;

/**
 * A brain's answer for one job: the plan, and for tasks it could not place, why (one line per reason, with
 * node counts, as Nomad's placement metrics say it).
 */
public record Proposal(Plan plan, int unplaced, List<String> problems) {
    public Proposal {
        problems = List.copyOf(problems);
    }
}

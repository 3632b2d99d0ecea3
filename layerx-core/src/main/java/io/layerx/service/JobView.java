package io.layerx.service;

import io.layerx.model.Job;
import java.util.List;
import java.util.Map;

/**
 * A job with its tasks counted by state.
 *
 * @param status   {@code pending}, {@code running}, {@code complete}, {@code failed}, {@code stopped}
 * @param counts   live and finished tasks by state name (lower case)
 * @param problems why pending tasks are not placed, e.g. "sim-a: 3 nodes lack memory", empty when none
 */
public record JobView(Job job, String status, Map<String, Integer> counts, List<String> problems) {
    public JobView {
        counts = Map.copyOf(counts);
        problems = List.copyOf(problems);
    }
}

package io.layerx.scheduler.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of nodes each filter removed during one pass, rendered as the reasons a task is pending. */
final class PlacementMetrics {
    private int evaluated;
    private final Map<String, Integer> filtered = new TreeMap<>();
    private final Map<String, Integer> exhausted = new TreeMap<>();

    void evaluated(int n) {
        evaluated += n;
    }

    void filtered(String reason, int nodes) {
        filtered.merge(reason, nodes, Integer::sum);
    }

    void exhausted(String dimension) {
        exhausted.merge(dimension, 1, Integer::sum);
    }

    List<String> explain(int unplaced, int total) {
        List<String> out = new ArrayList<>();
        out.add(unplaced + " of " + total + " tasks not placed: " + evaluated + " nodes evaluated");
        filtered.forEach((reason, n) -> out.add(reason + " filtered " + n + " node" + (n == 1 ? "" : "s")));
        exhausted.forEach((dim, n) -> out.add("insufficient " + dim + " on " + n + " node" + (n == 1 ? "" : "s")));
        return out;
    }
}

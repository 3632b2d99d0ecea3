package io.layerx.scheduler.placement;

import io.layerx.model.Spread;
import io.layerx.scheduler.feasibility.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts of nodes each filter removed during one pass (as Nomad's placement metrics do), rendered as the reasons
 * a task is pending.
 */
public final class PlacementMetrics {
    private int evaluated;
    private final Map<String, Integer> filtered = new TreeMap<>();
    private final Map<String, Integer> exhausted = new TreeMap<>();
    private final Set<String> skewBlocked = new TreeSet<>();
    private String skewRule;

    void evaluated(int n) {
        evaluated += n;
    }

    void filtered(String reason, int nodes) {
        filtered.merge(reason, nodes, Integer::sum);
    }

    /** A node that left the selection during the pass. */
    void dropped(Rejection r) {
        if (r.code().equals("resources")) {
            exhausted.merge(r.detail(), 1, Integer::sum);
        } else {
            filtered.merge(r.detail(), 1, Integer::sum);
        }
    }

    void exhausted(String dimension) {
        exhausted.merge(dimension, 1, Integer::sum);
    }

    void skewBlocked(Spread rule, String domain) {
        skewRule = "spread over " + rule.topology() + " with max skew " + rule.maxSkew();
        skewBlocked.add(domain);
    }

    /** Nodes removed by each filter, for {@code job plan}. */
    public Map<String, Integer> filteredCounts() {
        Map<String, Integer> out = new TreeMap<>(filtered);
        exhausted.forEach((dim, n) -> out.merge("insufficient " + dim, n, Integer::sum));
        return out;
    }

    public int evaluated() {
        return evaluated;
    }

    List<String> explain(int unplaced, int total) {
        List<String> out = new ArrayList<>();
        out.add(unplaced + " of " + total + " tasks not placed: " + evaluated + " nodes evaluated");
        filtered.forEach((reason, n) -> out.add(reason + " filtered " + n + " node" + (n == 1 ? "" : "s")));
        exhausted.forEach((dim, n) -> out.add("insufficient " + dim + " on " + n + " node" + (n == 1 ? "" : "s")));
        if (!skewBlocked.isEmpty()) out.add(skewRule + " kept tasks out of " + String.join(", ", skewBlocked));
        return out;
    }
}

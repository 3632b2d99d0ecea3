package io.layerx.scheduler.placement;

import io.layerx.model.Job;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Spread;
import io.layerx.scheduler.feasibility.Rejection;
import io.layerx.scheduler.feasibility.ResourcesCheck;
import io.layerx.scheduler.ranking.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the node for each next task of a job. Feasible nodes sit in one heap per domain of the job's first spread
 * rule (one heap when it has none), keyed by score. A task first picks the domain (fewest of the job's tasks, within
 * max skew when the spread is required), then the best node of that domain that still fits. A node that can no
 * longer take the job's task (resources, ports, per-node cap, required self anti-affinity) leaves its heap for
 * good: those only get worse within a pass.
 */
final class Selection {

    private static final Comparator<Candidate> BEST_FIRST =
            Comparator.<Candidate>comparingDouble(c -> -c.score).thenComparing(c -> c.node.name());

    private final Job job;
    private final Scorer scorer;
    private final Resources demand;
    private final int dynamicPorts;
    private final boolean staticPorts;
    private final TopologyCounts counts;
    private final AffinityRules affinity;
    private final PlacementMetrics metrics;
    private final Map<String, PriorityQueue<Candidate>> byDomain = new HashMap<>();
    private final Set<String> domains = new TreeSet<>();

    Selection(Job job, Scorer scorer, TopologyCounts counts, AffinityRules affinity, PlacementMetrics metrics,
              List<Candidate> feasible) {
        this.job = job;
        this.scorer = scorer;
        this.demand = job.task().resources();
        this.dynamicPorts = (int) job.task().ports().stream().filter(PortRequest::dynamic).count();
        this.staticPorts = job.task().ports().stream().anyMatch(p -> !p.dynamic());
        this.counts = counts;
        this.affinity = affinity;
        this.metrics = metrics;
        for (Candidate c : feasible) {
            rescore(c);
            byDomain.computeIfAbsent(c.domain, d -> new PriorityQueue<>(BEST_FIRST)).add(c);
            domains.add(c.domain);
        }
    }

    /** The node for the next task, or {@code null} when no node can take one more. */
    Candidate next() {
        for (String domain : orderedDomains()) {
            Candidate c = popFitting(byDomain.get(domain));
            if (c != null) return c;
        }
        return null;
    }

    /** Counts a task the caller placed on {@code c} without asking (a nominated task on its nominated node). */
    void placedOutside(Candidate c) {
        PriorityQueue<Candidate> heap = byDomain.get(c.domain);
        if (heap != null) heap.remove(c);
        placed(c);
    }

    /** Puts a candidate {@link #next} gave back unused. */
    void putBack(Candidate c) {
        byDomain.get(c.domain).add(c);
    }

    /** Puts a chosen candidate back after the caller placed a task on it. */
    void placed(Candidate c) {
        c.free = c.free.minus(demand);
        c.gpus = c.gpus.take(demand.gpu());
        c.jobTasks++;
        c.freeDynamicPorts -= dynamicPorts;
        counts.placed(c.node);
        rescore(c);
        byDomain.get(c.domain).add(c);
    }

    private List<String> orderedDomains() {
        Optional<Spread> spread = job.placement().spreads().stream().findFirst();
        if (spread.isEmpty()) return new ArrayList<>(byDomain.keySet());
        int min = domains.stream().mapToInt(d -> counts.spreadCount(0, d)).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String d : domains) {
            PriorityQueue<Candidate> heap = byDomain.get(d);
            if (heap.isEmpty()) continue;
            if (spread.get().required() && counts.spreadCount(0, d) + 1 - min > spread.get().maxSkew()) {
                metrics.skewBlocked(spread.get(), d);
                continue;
            }
            out.add(d);
        }
        out.sort(Comparator.<String>comparingInt(d -> counts.spreadCount(0, d))
                .thenComparingDouble(d -> -byDomain.get(d).peek().score).thenComparing(d -> d));
        return out;
    }

    private Candidate popFitting(PriorityQueue<Candidate> heap) {
        while (!heap.isEmpty()) {
            Candidate c = heap.poll();
            Optional<Rejection> why = unfit(c);
            if (why.isEmpty()) return c;
            metrics.dropped(why.get());
        }
        return null;
    }

    private Optional<Rejection> unfit(Candidate c) {
        Optional<Rejection> r = ResourcesCheck.check(c.free, c.gpus, demand);
        if (r.isPresent()) return r;
        if (c.freeDynamicPorts < dynamicPorts || (staticPorts && c.jobTasks > 0)) {
            return Optional.of(new Rejection("ports", "host ports taken"));
        }
        int cap = job.placement().maxPerNode();
        if (cap > 0 && c.jobTasks >= cap) return Optional.of(new Rejection("cap", "per-node cap " + cap));
        if (affinity.dynamic()) return affinity.violation(c.node).map(v -> new Rejection("affinity", v));
        return Optional.empty();
    }

    private void rescore(Candidate c) {
        c.score = scorer.score(c.node.capacity(), c.free, c.gpus, c.jobTasks, demand) + c.bonus;
    }
}

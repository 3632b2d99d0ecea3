package io.layerx.bench;

import io.layerx.model.Affinity;
import io.layerx.model.Placement;
import io.layerx.model.Resources;
import io.layerx.model.Spread;
import io.layerx.model.Task;
import io.layerx.model.TaskSelector;
import io.layerx.model.Topology;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Placement rules at Kubernetes' benchmark scale: {@code nodes} simulated nodes over {@code zones} zones and jobs
 * of {@code jobSize} tasks that each carry one required rule: a topology spread over zones with max skew 1, an
 * anti-affinity to the job's own tasks by node (one per node), or an affinity to an anchor task by zone. After the
 * run the scenario checks the rule on what the view holds ({@code violations}).
 */
public final class RuleScenario {

    static final Resources NODE = Resources.of(4_000, 16_384);
    static final Resources TASK = Resources.of(100, 128);
    private static final Map<String, String> ANCHOR_LABELS = Map.of("app", "anchor");

    /** The rule every job of the run carries. */
    public enum Rule {
        SPREAD("spread"), ANTI_AFFINITY("anti-affinity"), AFFINITY("affinity");

        private final String wire;

        Rule(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public record Params(Rule rule, int nodes, int zones, int jobs, int jobSize, int brains) {
    }

    private RuleScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        Jobs jobs = Jobs.of(p.rule().wire() + "-", p.jobs(), p.jobSize(), TASK);
        try (Rig rig = Rig.start(p.brains(), InstantSource.system())) {
            rig.addSimCluster("zoned", p.nodes(), NODE, p.zones(), "");
            if (p.rule() == Rule.AFFINITY) anchor(rig);
            Wave w = Wave.run(rig, jobs, i -> jobs.job(i, placement(p.rule(), jobs.name(i))), Duration.ofMinutes(30));
            long violations = rig.core().view().read(v -> violations(p.rule(), jobs, v));
            return w.figures(p.rule().wire(), jobs).put("nodes", p.nodes()).put("zones", p.zones())
                    .put("brains", p.brains()).put("violations", violations).put("store", "embedded");
        }
    }

    /** One task labelled app=anchor, placed before the clock starts: the affinity jobs follow it into its zone. */
    private static void anchor(Rig rig) throws InterruptedException {
        Jobs anchor = Jobs.of("anchor", 1, 1, TASK).withLabels(ANCHOR_LABELS);
        Wave w = Wave.run(rig, anchor, Duration.ofMinutes(1));
        if (!w.complete()) throw new IllegalStateException("the anchor task was not placed");
    }

    static Placement placement(Rule rule, String job) {
        return switch (rule) {
            case SPREAD -> new Placement(List.of(), List.of(), List.of(new Spread(Topology.ZONE, 1, true, 0)), 0);
            case ANTI_AFFINITY -> new Placement(List.of(),
                    List.of(new Affinity(TaskSelector.job(job), Topology.NODE, true, true, 0)), List.of(), 0);
            case AFFINITY -> new Placement(List.of(),
                    List.of(new Affinity(TaskSelector.labels(ANCHOR_LABELS), Topology.ZONE, false, true, 0)), List.of(), 0);
        };
    }

    /** Tasks that break the rule: beyond max skew, a second task of a job on a node, or outside the anchor's zone. */
    private static long violations(Rule rule, Jobs jobs, View v) {
        Map<String, String> zoneOf = new HashMap<>();
        v.nodes().forEach(n -> zoneOf.put(n.value().name(), n.value().labels().getOrDefault("zone", "")));
        Set<String> anchorZones = new HashSet<>();
        v.tasksOfJob("anchor0").forEach(t -> anchorZones.add(zoneOf.get(t.value().node())));
        long bad = 0;
        for (int i = 0; i < jobs.count(); i++) {
            List<Task> placed = v.tasksOfJob(jobs.name(i)).stream().map(Versioned::value)
                    .filter(t -> t.node() != null && t.state().holdsResources()).toList();
            bad += switch (rule) {
                case SPREAD -> skewExcess(placed, zoneOf);
                case ANTI_AFFINITY -> placed.size() - placed.stream().map(Task::node).distinct().count();
                case AFFINITY -> placed.stream().filter(t -> !anchorZones.contains(zoneOf.get(t.node()))).count();
            };
        }
        return bad;
    }

    private static long skewExcess(List<Task> placed, Map<String, String> zoneOf) {
        Map<String, Integer> perZone = new HashMap<>();
        new HashSet<>(zoneOf.values()).forEach(z -> perZone.put(z, 0));
        placed.forEach(t -> perZone.merge(zoneOf.get(t.node()), 1, Integer::sum));
        int max = perZone.values().stream().max(Integer::compare).orElse(0);
        int min = perZone.values().stream().min(Integer::compare).orElse(0);
        return Math.max(0, max - min - 1);
    }
}

package io.layerx.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.model.Affinity;
import io.layerx.model.Constraint;
import io.layerx.model.Placement;
import io.layerx.model.Preference;
import io.layerx.model.Spread;
import io.layerx.model.TaskSelector;
import io.layerx.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the placement fields of a job file: {@code maxPerNode}, {@code preferences}, {@code affinity},
 * {@code antiAffinity} and {@code spread}, reporting every problem.
 */
final class PlacementReader {

    static final List<String> FIELDS = List.of("maxPerNode", "preferences", "affinity", "antiAffinity", "spread");
    static final int DEFAULT_WEIGHT = 50;
    private static final List<String> PREFERENCE = List.of("constraint", "weight");
    private static final List<String> AFFINITY = List.of("job", "labels", "topology", "preferred", "weight");
    private static final List<String> SPREAD = List.of("topology", "maxSkew", "preferred", "weight");

    private PlacementReader() {
    }

    static Placement read(Fields f) {
        int maxPerNode = (int) f.integer("maxPerNode", 0, Integer.MAX_VALUE).orElse(0);
        List<Preference> preferences = new ArrayList<>();
        List<Affinity> affinities = new ArrayList<>();
        List<Spread> spreads = new ArrayList<>();
        each(f, "preferences", PREFERENCE, e -> preference(e).ifPresent(preferences::add));
        each(f, "affinity", AFFINITY, e -> affinity(e, false).ifPresent(affinities::add));
        each(f, "antiAffinity", AFFINITY, e -> affinity(e, true).ifPresent(affinities::add));
        each(f, "spread", SPREAD, e -> spread(e).ifPresent(spreads::add));
        return new Placement(preferences, affinities, spreads, maxPerNode);
    }

    private static void each(Fields f, String field, List<String> known, java.util.function.Consumer<Fields> read) {
        List<JsonNode> items = f.list(field);
        for (int i = 0; i < items.size(); i++) {
            String at = f.path(field) + "[" + i + "]";
            if (!items.get(i).isObject()) {
                f.problem(at + " must be a mapping, got " + Fields.kind(items.get(i)));
                continue;
            }
            Fields e = new Fields(items.get(i), at, f.problems());
            e.rejectUnknown(known);
            read.accept(e);
        }
    }

    private static Optional<Preference> preference(Fields e) {
        Optional<String> text = e.text("constraint");
        int weight = (int) e.integer("weight", 1, 100).orElse(DEFAULT_WEIGHT);
        if (text.isEmpty()) {
            e.problem(e.path("constraint") + " is required");
            return Optional.empty();
        }
        Constraint.Parsed p = Constraint.parse(text.get());
        if (!p.ok()) {
            e.problem(e.path("constraint") + ": " + p.problem());
            return Optional.empty();
        }
        return Optional.of(new Preference(p.constraint(), weight));
    }

    private static Optional<Affinity> affinity(Fields e, boolean anti) {
        Optional<String> job = e.text("job");
        Map<String, String> labels = e.stringMap("labels");
        String topology = topology(e, Topology.NODE);
        boolean preferred = bool(e, "preferred");
        int weight = (int) e.integer("weight", 1, 100).orElse(DEFAULT_WEIGHT);
        if (job.isPresent() == !labels.isEmpty()) {
            e.problem(e.prefix() + " needs exactly one of job or labels");
            return Optional.empty();
        }
        TaskSelector sel = job.map(TaskSelector::job).orElseGet(() -> TaskSelector.labels(labels));
        return topology == null ? Optional.empty() : Optional.of(new Affinity(sel, topology, anti, !preferred, weight));
    }

    private static Optional<Spread> spread(Fields e) {
        String topology = topology(e, Topology.ZONE);
        int maxSkew = (int) e.integer("maxSkew", 1, Integer.MAX_VALUE).orElse(1);
        boolean preferred = bool(e, "preferred");
        int weight = (int) e.integer("weight", 1, 100).orElse(DEFAULT_WEIGHT);
        return topology == null ? Optional.empty() : Optional.of(new Spread(topology, maxSkew, !preferred, weight));
    }

    private static String topology(Fields e, String dflt) {
        String t = e.text("topology").orElse(dflt);
        if (!Topology.valid(t)) {
            e.problem(e.path("topology") + " '" + t + "' is not one of node, cluster, zone, region, node.labels.KEY, cluster.labels.KEY");
            return null;
        }
        return t;
    }

    private static boolean bool(Fields e, String field) {
        Optional<String> v = e.text(field);
        if (v.isEmpty()) return false;
        if (!v.get().equals("true") && !v.get().equals("false")) {
            e.problem(e.path(field) + " must be true or false, got '" + v.get() + "'");
            return false;
        }
        return Boolean.parseBoolean(v.get());
    }
}

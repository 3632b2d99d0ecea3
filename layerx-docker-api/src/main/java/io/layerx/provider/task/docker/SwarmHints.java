package io.layerx.provider.task.docker;

import io.layerx.model.Affinity;
import io.layerx.model.Constraint;
import io.layerx.model.Preference;
import io.layerx.model.TaskSelector;
import io.layerx.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Swarm classic's placement hints, mapped onto LayerX's rules. {@code constraint:KEY==VALUE} and {@code !=} become
 * hard constraints: {@code node} is the node's name, a key starting with {@code node.} or {@code cluster.} is that
 * LayerX attribute, and any other key is a node label (a Docker engine's labels are its node's labels). A value
 * {@code /RE/} is a regular expression, {@code *} and {@code ?} are globs. {@code affinity:container==NAME} (or an
 * id) is affinity by node to that container's job, {@code !=} anti-affinity; {@code affinity:image==NAME} keeps to
 * the nodes whose engine holds the image (as the pool knows it when the container is created);
 * {@code affinity:KEY==VALUE} is affinity to containers labelled so. A {@code ~} after the operator makes any of them
 * soft: a preference of weight {@link #SOFT_WEIGHT} instead of a rule.
 */
final class SwarmHints {

    static final int SOFT_WEIGHT = 50;
    private static final Pattern HINT = Pattern.compile("^(constraint|affinity):([A-Za-z0-9_.\\-/]+)(==|!=)(~?)(.+)$");
    private static final Set<String> ATTRIBUTE_PREFIXES = Set.of("node.", "cluster.");

    /** What the pool knows that hints refer to: containers by name or id, and the nodes that hold an image. */
    interface Pool {
        /** The job of the container named or identified (full id or unique prefix) so. */
        Optional<String> jobOf(String container);

        /** The nodes whose engine holds the image. */
        List<String> nodesWithImage(String image);
    }

    /** The rules the hints make. */
    record Rules(List<Constraint> constraints, List<Preference> preferences, List<Affinity> affinities) {
    }

    private SwarmHints() {
    }

    /** Reads every hint; a 400 names every one that cannot be read or refers to nothing. */
    static Rules read(List<String> hints, Pool pool) {
        List<Constraint> constraints = new ArrayList<>();
        List<Preference> preferences = new ArrayList<>();
        List<Affinity> affinities = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String hint : hints) {
            Matcher m = HINT.matcher(hint.strip());
            if (!m.matches()) {
                problems.add("'" + hint + "' is not of the form constraint:KEY==VALUE, affinity:KEY==VALUE"
                        + " (!= for not, ==~ or !=~ for soft)");
                continue;
            }
            boolean not = m.group(3).equals("!=");
            boolean soft = !m.group(4).isEmpty();
            String key = m.group(2);
            String value = m.group(5).strip();
            if (m.group(1).equals("constraint")) {
                Constraint c = constraint(key, not, value);
                if (soft) preferences.add(new Preference(c, SOFT_WEIGHT));
                else constraints.add(c);
            } else if (key.equals("image")) {
                image(value, not, soft, pool, constraints, preferences, problems);
            } else {
                affinity(key, value, not, soft, pool, problems).ifPresent(affinities::add);
            }
        }
        if (!problems.isEmpty()) throw DockerApiError.badRequest("bad placement hints: " + String.join("; ", problems));
        return new Rules(constraints, preferences, affinities);
    }

    private static Constraint constraint(String key, boolean not, String value) {
        String attribute = key.equals("node") ? "node.name"
                : ATTRIBUTE_PREFIXES.stream().anyMatch(key::startsWith) ? key : "node.labels." + key;
        if (value.length() >= 2 && value.startsWith("/") && value.endsWith("/")) {
            return new Constraint(attribute, not ? Constraint.Operator.NOT_MATCHES : Constraint.Operator.MATCHES,
                    List.of(value.substring(1, value.length() - 1)));
        }
        return new Constraint(attribute, not ? Constraint.Operator.NE : Constraint.Operator.EQ, List.of(value));
    }

    private static void image(String image, boolean not, boolean soft, Pool pool, List<Constraint> constraints,
                              List<Preference> preferences, List<String> problems) {
        List<String> nodes = pool.nodesWithImage(image);
        if (nodes.isEmpty() && !not && !soft) {
            problems.add("affinity:image==" + image + ": no engine of the pool holds image " + image);
            return;
        }
        if (nodes.isEmpty()) return;
        Constraint c = new Constraint("node.name", not ? Constraint.Operator.NOT_IN : Constraint.Operator.IN, nodes);
        if (soft) preferences.add(new Preference(c, SOFT_WEIGHT));
        else constraints.add(c);
    }

    private static Optional<Affinity> affinity(String key, String value, boolean not, boolean soft, Pool pool,
                                               List<String> problems) {
        TaskSelector selector;
        if (key.equals("container")) {
            Optional<String> job = pool.jobOf(value);
            if (job.isEmpty()) {
                if (!not && !soft) problems.add("affinity:container==" + value + ": no such container");
                return Optional.empty();
            }
            selector = TaskSelector.job(job.get());
        } else {
            selector = TaskSelector.labels(Map.of(key, value));
        }
        return Optional.of(new Affinity(selector, Topology.NODE, not, !soft, soft ? SOFT_WEIGHT : 0));
    }
}

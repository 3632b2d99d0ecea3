package io.layerx.scheduler.placement;

import io.layerx.model.Affinity;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Preference;
import io.layerx.scheduler.feasibility.Attributes;
import java.util.List;
import java.util.Optional;

/**
 * Affinity and anti-affinity to tasks, and soft preferences on attributes. Required rules filter; preferred rules
 * and preferences add {@code weight/100} to a node's score (anti-affinity subtracts).
 */
final class AffinityRules {

    private final List<Affinity> rules;
    private final List<Preference> preferences;
    private final TopologyCounts counts;

    AffinityRules(Job job, TopologyCounts counts) {
        this.rules = job.placement().affinities();
        this.preferences = job.placement().preferences();
        this.counts = counts;
    }

    /** The first required rule the node breaks, as the reason shown to users. */
    Optional<String> violation(Node node) {
        for (int i = 0; i < rules.size(); i++) {
            Affinity a = rules.get(i);
            if (a.required() && !holds(i, a, node)) return Optional.of(a.describe());
        }
        return Optional.empty();
    }

    /** Required rules whose counts the pass itself changes: re-checked at selection. */
    boolean dynamic() {
        for (int i = 0; i < rules.size(); i++) if (rules.get(i).required() && counts.selfMatching(i)) return true;
        return false;
    }

    private boolean holds(int i, Affinity a, Node node) {
        String domain = counts.domain(a.topology(), node);
        int here = counts.affinityCount(i, domain);
        if (a.anti()) return here == 0;
        if (domain == null) return false;
        return here > 0 || (counts.selfMatching(i) && counts.affinityTotal(i) == 0);
    }

    /** Preferences and preferred affinity, summed. */
    double bonus(Node node, Cluster cluster) {
        double b = 0;
        for (Preference p : preferences) {
            if (p.constraint().test(Attributes.of(p.constraint().attribute(), node, cluster))) b += p.weight() / 100.0;
        }
        for (int i = 0; i < rules.size(); i++) {
            Affinity a = rules.get(i);
            if (a.required()) continue;
            boolean present = counts.affinityCount(i, counts.domain(a.topology(), node)) > 0;
            if (present) b += (a.anti() ? -1 : 1) * a.weight() / 100.0;
        }
        return b;
    }
}

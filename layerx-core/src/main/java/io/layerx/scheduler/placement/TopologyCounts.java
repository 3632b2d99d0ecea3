package io.layerx.scheduler.placement;

import io.layerx.model.Affinity;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Spread;
import io.layerx.model.Task;
import io.layerx.model.Topology;
import io.layerx.scheduler.feasibility.Attributes;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many tasks each affinity rule's selector and each spread rule (the job's own tasks) count per topology domain,
 * from the view at the start of a pass, kept up to date as the pass places the job's tasks.
 */
final class TopologyCounts {

    private final View view;
    private final Job job;
    private final List<Map<String, Integer>> affinity = new ArrayList<>();
    private final int[] affinityTotals;
    private final boolean[] selfMatching;
    private final List<Map<String, Integer>> spread = new ArrayList<>();

    TopologyCounts(View view, Job job) {
        this.view = view;
        this.job = job;
        List<Affinity> rules = job.placement().affinities();
        this.affinityTotals = new int[rules.size()];
        this.selfMatching = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Affinity a = rules.get(i);
            selfMatching[i] = a.selector().matches(job);
            Map<String, Integer> counts = new HashMap<>();
            for (Versioned<Job> j : view.jobs()) {
                if (a.selector().matches(j.value())) affinityTotals[i] += count(j.value().name(), a.topology(), counts);
            }
            affinity.add(counts);
        }
        for (Spread s : job.placement().spreads()) {
            Map<String, Integer> counts = new HashMap<>();
            count(job.name(), s.topology(), counts);
            spread.add(counts);
        }
    }

    private int count(String jobName, String topology, Map<String, Integer> into) {
        int n = 0;
        for (Versioned<Task> vt : view.tasksOfJob(jobName)) {
            Task t = vt.value();
            if (t.node() == null || !t.state().holdsResources()) continue;
            Node node = view.node(t.node()).map(Versioned::value).orElse(null);
            String d = node == null ? null : domain(topology, node);
            if (d != null) {
                into.merge(d, 1, Integer::sum);
                n++;
            }
        }
        return n;
    }

    /** The node's domain under a topology key, or {@code null} when the node lacks the attribute. */
    String domain(String topology, Node node) {
        Cluster c = view.cluster(node.cluster()).map(Versioned::value).orElse(null);
        return Attributes.of(Topology.attribute(topology), node, c);
    }

    int affinityCount(int rule, String domain) {
        return domain == null ? 0 : affinity.get(rule).getOrDefault(domain, 0);
    }

    int affinityTotal(int rule) {
        return affinityTotals[rule];
    }

    /** Does the rule's selector pick the job's own tasks (so placements in this pass change its counts)? */
    boolean selfMatching(int rule) {
        return selfMatching[rule];
    }

    int spreadCount(int rule, String domain) {
        return spread.get(rule).getOrDefault(domain, 0);
    }

    /** Records one more task of the job on {@code node}. */
    void placed(Node node) {
        List<Affinity> rules = job.placement().affinities();
        for (int i = 0; i < rules.size(); i++) {
            if (!selfMatching[i]) continue;
            String d = domain(rules.get(i).topology(), node);
            if (d != null) {
                affinity.get(i).merge(d, 1, Integer::sum);
                affinityTotals[i]++;
            }
        }
        List<Spread> spreads = job.placement().spreads();
        for (int i = 0; i < spreads.size(); i++) {
            String d = domain(spreads.get(i).topology(), node);
            if (d != null) spread.get(i).merge(d, 1, Integer::sum);
        }
    }
}

package io.layerx.scheduler.placement;

import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job-level rules a brain filtered with, checked again by the plan applier against the newest state, so that
 * brains planning different jobs in parallel cannot together break a required affinity, anti-affinity or per-node
 * cap. One guard per job per plan; {@link #placed} counts the plan's own accepted steps.
 */
public final class PlacementGuard {

    private final Job job;
    private final AffinityRules affinity;
    private final TopologyCounts counts;
    private final Map<String, Integer> perNode = new HashMap<>();
    private final boolean active;

    public PlacementGuard(View view, Job job) {
        this.job = job;
        this.active = !job.placement().affinities().isEmpty() || job.placement().maxPerNode() > 0;
        this.counts = active ? new TopologyCounts(view, job) : null;
        this.affinity = active ? new AffinityRules(job, counts) : null;
        if (active && job.placement().maxPerNode() > 0) {
            for (Versioned<Task> t : view.tasksOfJob(job.name())) {
                Task task = t.value();
                if (task.node() != null && task.state().holdsResources()) perNode.merge(task.node(), 1, Integer::sum);
            }
        }
    }

    /** The rule placing one more task of the job on {@code node} would break, if any. */
    public Optional<String> check(Node node) {
        if (!active) return Optional.empty();
        int cap = job.placement().maxPerNode();
        if (cap > 0 && perNode.getOrDefault(node.name(), 0) >= cap) return Optional.of("per-node cap " + cap);
        return affinity.violation(node);
    }

    public void placed(Node node) {
        if (!active) return;
        perNode.merge(node.name(), 1, Integer::sum);
        counts.placed(node);
    }
}

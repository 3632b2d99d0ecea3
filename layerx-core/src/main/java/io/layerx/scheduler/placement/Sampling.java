package io.layerx.scheduler.placement;

import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Task;
import io.layerx.snapshot.Versioned;
import java.util.List;

/**
 * How many feasible nodes a pass scores, after Kubernetes' percentageOfNodesToScore: every node of a small pool
 * (under {@link #MIN} nodes), else {@code max(5%, 50% - nodes/125)} of the pool and never fewer than {@link #MIN}
 * or twice the tasks to place. Only jobs whose choice depends on the node's own room alone are sampled: no spread,
 * affinity or preference rules (those score or filter by what other nodes hold), not system jobs (one task per
 * node) and no task nominated by preemption. A sampled pass that leaves a task unplaced is redone in full, so
 * sampling never makes a task pending that a full scan would place.
 */
final class Sampling {

    static final int MIN = 100;

    private Sampling() {
    }

    /** @return nodes to score, or 0 for a full scan */
    static int size(Job job, List<Versioned<Task>> pending, int nodes) {
        if (nodes < MIN || job.type() == JobType.SYSTEM || nodeRules(job)) return 0;
        if (pending.stream().anyMatch(t -> t.value().nominated() != null)) return 0;
        int percent = Math.max(5, 50 - nodes / 125);
        int n = Math.max(Math.max(MIN, nodes * percent / 100), 2 * pending.size());
        return n >= nodes ? 0 : n;
    }

    private static boolean nodeRules(Job job) {
        var p = job.placement();
        return !p.spreads().isEmpty() || !p.affinities().isEmpty() || !p.preferences().isEmpty();
    }
}

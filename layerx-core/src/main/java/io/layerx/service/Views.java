package io.layerx.service;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.scheduler.feasibility.EligibleNodes;
import io.layerx.scheduler.reconcile.JobReconciler;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Builds the read models of {@link ControlPlane} from the view; call inside {@code StateCache.read}. */
final class Views {

    private Views() {
    }

    static ClusterView cluster(View v, Cluster c) {
        int nodes = 0;
        int ready = 0;
        int tasks = 0;
        Resources capacity = Resources.ZERO;
        Resources allocated = Resources.ZERO;
        for (Versioned<Node> vn : v.nodes()) {
            Node n = vn.value();
            if (!n.cluster().equals(c.name())) continue;
            nodes++;
            if (n.ready()) ready++;
            capacity = capacity.plus(n.capacity());
            allocated = allocated.plus(v.allocated(n.name()));
            tasks += v.tasksOnNode(n.name()).size();
        }
        return new ClusterView(c, nodes, ready, capacity, allocated, tasks);
    }

    static NodeView node(View v, Node n) {
        return new NodeView(n, v.allocated(n.name()), v.tasksOnNode(n.name()).size());
    }

    static JobView job(View v, Job job, Instant now, Function<String, List<String>> problems) {
        List<Task> tasks = v.tasksOfJob(job.name()).stream().map(Versioned::value).toList();
        Map<String, Integer> counts = new TreeMap<>();
        for (Task t : tasks) counts.merge(t.state().wire(), 1, Integer::sum);
        List<String> nodes = job.type() == JobType.SYSTEM ? EligibleNodes.of(v, job) : List.of();
        String status = JobReconciler.reconcile(job, tasks, nodes, now, () -> "unused").status();
        return new JobView(job, status, counts, problems.apply(job.name()));
    }
}

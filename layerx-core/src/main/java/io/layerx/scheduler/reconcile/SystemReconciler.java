package io.layerx.scheduler.reconcile;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * System jobs (fleet's Global): one live task per eligible node, each pinned to its node. A node that joins gets
 * one; a node that leaves or stops matching has its task stopped; a task that failed on a node that is still
 * eligible is replaced there.
 *
 * <p>A new version rolls node by node, as a Kubernetes DaemonSet does (one task per node leaves no room for a
 * second): on at most {@code update.maxParallel} nodes at once the old task is stopped and the new one started;
 * the next nodes' turn comes when those run. Tasks of the old version that do not run are replaced at once.
 */
final class SystemReconciler {

    private SystemReconciler() {
    }

    static Reconciliation reconcile(Job job, List<Task> tasks, List<String> nodes, Instant now, Supplier<String> ids) {
        Set<String> eligible = new TreeSet<>(nodes);
        List<Task> create = new ArrayList<>();
        List<Task> stop = new ArrayList<>();
        Map<String, List<Task>> live = new HashMap<>();
        Map<String, Task> outdated = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (Task t : tasks) {
            if (t.target() != null) attempts.merge(t.target(), 1, Integer::sum);
            if (!JobReconciler.live(t)) continue;
            if (t.target() == null || !eligible.contains(t.target())) {
                stop.add(JobReconciler.stopped(t, "node " + t.target() + " no longer eligible", now));
            } else if (t.jobVersion() == job.version()) {
                live.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t);
            } else if (t.state() == TaskState.RUNNING && outdated.putIfAbsent(t.target(), t) == null) {
                continue; // rolled node by node: runs until its node's turn
            } else {
                stop.add(JobReconciler.stopped(t, "job updated", now));
            }
        }
        int updating = (int) live.values().stream().filter(here -> here.stream().noneMatch(
                t -> t.state() == TaskState.RUNNING)).count();
        int running = 0;
        for (String node : eligible) {
            List<Task> here = live.getOrDefault(node, List.of());
            Task old = outdated.get(node);
            if (here.isEmpty()) {
                if (old != null && updating >= job.update().maxParallel()) {
                    running++; // the old version serves this node until its turn
                    continue;
                }
                if (old != null) {
                    stop.add(JobReconciler.stopped(old, "replaced by version " + job.version(), now));
                    outdated.remove(node);
                    updating++;
                }
                create.add(Task.pending(ids.get(), job, 0, attempts.getOrDefault(node, 0), now).withTarget(node));
                continue;
            }
            if (old != null) {
                stop.add(JobReconciler.stopped(old, "replaced by version " + job.version(), now));
                outdated.remove(node);
            }
            List<Task> sorted = here.stream().sorted(JobReconciler.KEEP_FIRST).toList();
            for (Task extra : sorted.subList(1, sorted.size())) stop.add(JobReconciler.stopped(extra, "duplicate on node", now));
            if (sorted.getFirst().state() == TaskState.RUNNING) running++;
        }
        String status = running == eligible.size() ? "running" : "pending";
        return new Reconciliation(create, stop, JobReconciler.forget(tasks, job), status, null, !outdated.isEmpty());
    }
}

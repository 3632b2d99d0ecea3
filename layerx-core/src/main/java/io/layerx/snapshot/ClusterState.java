package io.layerx.snapshot;

import io.layerx.model.Cluster;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.WatchEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mutable state behind {@link View}: decoded records plus indexes, changed only by {@link StateCache}'s single
 * writer thread, read under its lock.
 */
final class ClusterState implements View {

    private final Map<String, Versioned<Cluster>> clusters = new HashMap<>();
    private final Map<String, Versioned<Node>> nodes = new HashMap<>();
    private final Map<String, Versioned<Job>> jobs = new HashMap<>();
    private final Map<String, Versioned<Task>> tasks = new HashMap<>();
    private final Map<String, Map<String, Versioned<Task>>> tasksByJob = new HashMap<>();
    private final Map<String, Map<String, Versioned<Task>>> tasksByNode = new HashMap<>();
    private final Map<String, Map<String, Versioned<Task>>> pendingByJob = new HashMap<>();
    private final Map<String, Resources> allocated = new HashMap<>();
    private final Map<String, Resources> reserved = new HashMap<>();
    private final Map<String, Set<Integer>> usedPorts = new HashMap<>();
    private final Map<String, NodeClass> classes = new HashMap<>();
    private final Map<Resources, Integer> sizes = new HashMap<>();
    private final CapacityIndex room = new CapacityIndex();
    private long revision;

    /** Applies one store event and says what changed, or null for keys the view does not hold. */
    Change apply(WatchEvent event) {
        KeyValue kv = event.kv();
        String kind = Keys.kindOf(kv.key());
        if (kind == null) return null;
        boolean delete = event.type() == WatchEvent.Type.DELETE;
        String id = Keys.idOf(kv.key());
        long rev = kv.modRevision();
        return switch (kind) {
            case "task" -> putTask(id, delete ? null : new Versioned<>(Codec.decode(kv.value(), Task.class), rev));
            case "node" -> putNode(id, delete ? null : new Versioned<>(Codec.decode(kv.value(), Node.class), rev));
            case "job" -> {
                var before = delete ? jobs.remove(id) : jobs.put(id, new Versioned<>(Codec.decode(kv.value(), Job.class), rev));
                yield new Change.JobChanged(valueOf(before), delete ? null : jobs.get(id).value());
            }
            default -> {
                var before = delete ? clusters.remove(id)
                        : clusters.put(id, new Versioned<>(Codec.decode(kv.value(), Cluster.class), rev));
                yield new Change.ClusterChanged(valueOf(before), delete ? null : clusters.get(id).value());
            }
        };
    }

    void setRevision(long r) {
        revision = r;
    }

    private static <T> T valueOf(Versioned<T> v) {
        return v == null ? null : v.value();
    }

    private Change putTask(String id, Versioned<Task> now) {
        Versioned<Task> before = now == null ? tasks.remove(id) : tasks.put(id, now);
        if (before != null) unindex(before);
        if (now != null) index(now);
        if (before != null) refreshRoom(before.value());
        if (now != null) refreshRoom(now.value());
        return new Change.TaskChanged(valueOf(before), valueOf(now));
    }

    private void index(Versioned<Task> vt) {
        Task t = vt.value();
        tasksByJob.computeIfAbsent(t.job(), k -> new LinkedHashMap<>()).put(t.id(), vt);
        sizes.merge(t.resources(), 1, Integer::sum);
        if (t.pending()) pendingByJob.computeIfAbsent(t.job(), k -> new LinkedHashMap<>()).put(t.id(), vt);
        if (t.pending() && t.nominated() != null) reserved.merge(t.nominated(), t.resources(), Resources::plus);
        if (t.node() != null && t.state().holdsResources()) {
            tasksByNode.computeIfAbsent(t.node(), k -> new LinkedHashMap<>()).put(t.id(), vt);
            allocated.merge(t.node(), t.resources(), Resources::plus);
            if (!t.ports().isEmpty()) usedPorts.computeIfAbsent(t.node(), k -> new HashSet<>()).addAll(t.ports().values());
        }
    }

    private void unindex(Versioned<Task> vt) {
        Task t = vt.value();
        removeFrom(tasksByJob, t.job(), t.id());
        sizes.computeIfPresent(t.resources(), (k, n) -> n == 1 ? null : n - 1);
        removeFrom(pendingByJob, t.job(), t.id());
        if (t.pending() && t.nominated() != null) subtract(reserved, t.nominated(), t.resources());
        if (t.node() != null && t.state().holdsResources()) {
            removeFrom(tasksByNode, t.node(), t.id());
            subtract(allocated, t.node(), t.resources());
            Set<Integer> ports = usedPorts.get(t.node());
            if (ports != null) {
                ports.removeAll(t.ports().values());
                if (ports.isEmpty()) usedPorts.remove(t.node());
            }
        }
    }

    private static void subtract(Map<String, Resources> sums, String node, Resources r) {
        sums.computeIfPresent(node, (k, sum) -> {
            Resources left = sum.minus(r);
            return left.equals(Resources.ZERO) ? null : left;
        });
    }

    private static void removeFrom(Map<String, Map<String, Versioned<Task>>> index, String key, String id) {
        Map<String, Versioned<Task>> m = index.get(key);
        if (m != null && m.remove(id) != null && m.isEmpty()) index.remove(key);
    }

    private void refreshRoom(Task t) {
        if (t.node() != null && t.state().holdsResources()) refreshRoom(t.node());
        if (t.pending() && t.nominated() != null) refreshRoom(t.nominated());
    }

    /** Re-files the node in the capacity index after its record, allocation or reservations changed. */
    private void refreshRoom(String node) {
        Versioned<Node> vn = nodes.get(node);
        if (vn == null) {
            room.update(node, null, Resources.ZERO, GpuShares.NONE, false);
        } else {
            Node n = vn.value();
            GpuShares gpus = n.gpus().isEmpty() ? GpuShares.NONE
                    : n.gpuFree(tasksOnNode(node).stream().map(Versioned::value).toList());
            boolean idle = !allocated.containsKey(node) && !reserved.containsKey(node);
            room.update(node, NodeClass.keyOf(n), n.schedulable().minus(allocated(node)).minus(reserved(node)), gpus, idle);
        }
    }

    private Change putNode(String name, Versioned<Node> now) {
        Versioned<Node> before = now == null ? nodes.remove(name) : nodes.put(name, now);
        if (before != null) {
            NodeClass c = classes.get(NodeClass.keyOf(before.value()));
            if (c != null && c.nodes().remove(name) && c.nodes().isEmpty()) classes.remove(c.key());
        }
        if (now != null) {
            Node n = now.value();
            classes.computeIfAbsent(NodeClass.keyOf(n), k -> new NodeClass(k, n, new HashSet<>())).nodes().add(name);
        }
        refreshRoom(name);
        return new Change.NodeChanged(valueOf(before), valueOf(now));
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public Collection<Versioned<Cluster>> clusters() {
        return clusters.values();
    }

    @Override
    public Optional<Versioned<Cluster>> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    @Override
    public Collection<Versioned<Node>> nodes() {
        return nodes.values();
    }

    @Override
    public Optional<Versioned<Node>> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    @Override
    public Collection<Versioned<Job>> jobs() {
        return jobs.values();
    }

    @Override
    public Optional<Versioned<Job>> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public Collection<Versioned<Task>> tasks() {
        return tasks.values();
    }

    @Override
    public Optional<Versioned<Task>> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public Collection<Versioned<Task>> tasksOfJob(String job) {
        return tasksByJob.getOrDefault(job, Map.of()).values();
    }

    @Override
    public Collection<Versioned<Task>> tasksOnNode(String node) {
        return tasksByNode.getOrDefault(node, Map.of()).values();
    }

    @Override
    public Resources allocated(String node) {
        return allocated.getOrDefault(node, Resources.ZERO);
    }

    @Override
    public Resources reserved(String node) {
        return reserved.getOrDefault(node, Resources.ZERO);
    }

    @Override
    public Set<Integer> usedPorts(String node) {
        return usedPorts.getOrDefault(node, Set.of());
    }

    @Override
    public Map<Resources, Integer> taskSizes() {
        return java.util.Collections.unmodifiableMap(sizes);
    }

    @Override
    public Set<String> jobsWithPending() {
        return pendingByJob.keySet();
    }

    @Override
    public Collection<Versioned<Task>> pendingOf(String job) {
        return pendingByJob.getOrDefault(job, Map.of()).values();
    }

    @Override
    public Collection<NodeClass> nodeClasses() {
        return classes.values();
    }

    @Override
    public Resources free(String node) {
        return room.free(node);
    }

    @Override
    public GpuShares gpuFree(String node) {
        return room.gpus(node);
    }

    @Override
    public Iterator<String> nodesWithRoom(NodeClass nodeClass, Resources demand, boolean fullestFirst) {
        return room.withRoom(nodeClass.key(), demand, fullestFirst);
    }

    /** For a full re-list: drop everything. */
    void clear() {
        List.of(clusters, nodes, jobs, tasks, tasksByJob, tasksByNode, pendingByJob, allocated, reserved, usedPorts,
                classes, sizes)
                .forEach(Map::clear);
        room.clear();
        revision = 0;
    }
}

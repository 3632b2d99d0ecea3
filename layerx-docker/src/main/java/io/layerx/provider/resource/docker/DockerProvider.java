package io.layerx.provider.resource.docker;

import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.provider.task.docker.ContainerEngines;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Docker and Podman engines as a cluster: each endpoint of a {@code docker} cluster is one node. LayerX creates,
 * starts, stops and removes containers there (labelled {@code io.layerx.task=ID}), follows them through the engine's
 * event stream and a periodic full resync, and reports what it sees as task events. Containers it did not create are
 * left alone, but what they reserve is taken off the node's capacity. An engine that stops answering makes its node
 * lost; when it answers again, the node is ready. Each probe also reads the engine's stats of LayerX's running
 * containers into the pool's usage board (live use beside reservation).
 */
public final class DockerProvider implements ResourceProvider {

    public static final String KIND = "docker";
    private static final int WORKERS = 16;

    private final Map<String, EngineNode> nodes = new ConcurrentHashMap<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile ProviderContext ctx;
    private volatile WorkQueue<String> probes;
    private volatile WorkQueue<TaskKey> containers;

    /** A task's container on one node: the key of the container loop. */
    record TaskKey(String node, String taskId) {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        DockerSettings s = DockerSettings.read(cluster, problems);
        if (!problems.isEmpty()) return problems;
        for (Endpoint e : s.endpoints()) {
            try (Engine engine = new Engine(e.address())) {
                engine.info();
            } catch (RuntimeException ex) {
                problems.add("endpoint " + e.address() + " does not answer as a Docker Engine API: " + EngineErrors.message(ex));
            }
        }
        return problems;
    }

    @Override
    public List<Node> nodesOf(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        DockerSettings s = DockerSettings.read(cluster, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < s.endpoints().size(); i++) {
            Endpoint e = s.endpoints().get(i);
            Map<String, String> labels = new LinkedHashMap<>(cluster.labels());
            NodeState state = NodeState.READY;
            Resources capacity;
            try (Engine engine = new Engine(e.address())) {
                Engine.EngineInfo info = engine.info();
                labels.putAll(info.labels());
                labels.put("engine.version", info.version());
                capacity = info.capacity();
            } catch (RuntimeException ex) {
                state = NodeState.LOST;
                capacity = Resources.ZERO;
            }
            labels.put(Node.driverLabel(KIND), "true");
            capacity = new Resources(e.cpu() != null ? e.cpu() : capacity.cpu(),
                    e.memory() != null ? e.memory() : capacity.memory(), e.disk() != null ? e.disk() : 0);
            out.add(new Node(nodeName(cluster.name(), i, s.endpoints().size()), cluster.name(), KIND, capacity, labels,
                    state, e.address().toString(), 0, 0, cluster.created()));
        }
        return out;
    }

    static String nodeName(String cluster, int index, int count) {
        int width = Math.max(2, String.valueOf(count).length());
        return cluster + "-" + String.format("%0" + width + "d", index + 1);
    }

    /**
     * Tasks whose container the engine reported out of memory ({@code oom} event). Some engines (podman on cgroup
     * v1) do not always set {@code State.OOMKilled} on the dead container; the event says it.
     */
    private final java.util.Set<String> outOfMemory = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void start(ProviderContext context) {
        this.ctx = context;
        NodeSync nodeSync = new NodeSync(context, nodes, this::enqueue, this::onEngineEvent);
        ContainerSync containerSync = new ContainerSync(context, nodes, outOfMemory);
        this.probes = new WorkQueue<>("docker-nodes", 4, Thread.ofVirtual().name("docker-node-", 0).factory(),
                name -> nodeSync.reconcile(name, () -> scheduleProbe(name)), context.timer(), null);
        this.containers = new WorkQueue<>("docker-containers", WORKERS,
                Thread.ofVirtual().name("docker-container-", 0).factory(), containerSync::reconcile, context.timer(), null);
        context.view().addListener(this::onChange);
        probes.start();
        containers.start();
        refreshNodes();
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.TaskChanged t -> {
                Task any = t.after() != null ? t.after() : t.before();
                if (any.node() != null && nodes.containsKey(any.node())) enqueue(new TaskKey(any.node(), any.id()));
            }
            case Change.NodeChanged n -> {
                if (n.before() == null || n.after() == null) refreshNodes();
            }
            case Change.ClusterChanged c -> refreshNodes();
            case Change.Resynced r -> refreshNodes();
            case Change.JobChanged j -> { }
        }
    }

    /** Keeps one {@link EngineNode} per docker node in the view, and drops those whose node is gone. */
    private void refreshNodes() {
        refreshing.lock();
        try {
            refreshNodesLocked();
        } finally {
            refreshing.unlock();
        }
    }

    private void refreshNodesLocked() {
        Map<String, EngineNode> wanted = new HashMap<>();
        List<String> fresh = new ArrayList<>();
        ctx.view().read(v -> {
            for (Versioned<Cluster> vc : v.clusters()) {
                Cluster c = vc.value();
                if (!KIND.equals(c.kind())) continue;
                DockerSettings s = DockerSettings.read(c, new ArrayList<>());
                for (int i = 0; i < s.endpoints().size(); i++) {
                    String name = nodeName(c.name(), i, s.endpoints().size());
                    if (v.node(name).isEmpty()) continue;
                    EngineNode known = nodes.get(name);
                    if (known == null) {
                        known = new EngineNode(name, s.endpoints().get(i), s);
                        fresh.add(name);
                    }
                    wanted.put(name, known);
                }
            }
            return null;
        });
        wanted.forEach(nodes::putIfAbsent);
        for (String name : List.copyOf(nodes.keySet())) {
            if (!wanted.containsKey(name)) {
                EngineNode gone = nodes.remove(name);
                if (gone != null) gone.close();
                ctx.usage().forget(name);
            }
        }
        fresh.forEach(probes::enqueue);
    }

    private void scheduleProbe(String name) {
        EngineNode n = nodes.get(name);
        if (n == null || n.closed()) return;
        n.nextProbe(ctx.timer().schedule(n.settings().probe(), () -> probes.enqueue(name)));
    }

    private void onEngineEvent(String node, Engine.ContainerEvent e) {
        String task = e.attributes().get(ContainerPlan.TASK_LABEL);
        if (task != null && node.equals(e.attributes().get(ContainerPlan.NODE_LABEL))) {
            if ("oom".equals(e.action())) outOfMemory.add(task);
            enqueue(new TaskKey(node, task));
        } else if (e.action() != null && e.action().matches("start|die|destroy|remove|update|oom")) {
            probes.enqueue(node);
        }
    }

    private void enqueue(TaskKey key) {
        WorkQueue<TaskKey> q = containers;
        if (q != null) q.enqueue(key);
    }

    /** Stopping the copy is the container loop's: it sees the task is not wanted on this node. */
    @Override
    public void kill(String node, Task task) {
        if (nodes.containsKey(node)) enqueue(new TaskKey(node, task.id()));
    }

    /** Logs and images of this provider's engines, for the Docker API. */
    public ContainerEngines engines() {
        return new PoolEngines(nodes);
    }

    @Override
    public void close() {
        if (probes != null) probes.close();
        if (containers != null) containers.close();
        nodes.values().forEach(EngineNode::close);
        nodes.clear();
    }
}

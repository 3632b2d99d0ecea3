package io.layerx.provider.resource.docker;

import io.layerx.model.DesiredState;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.snapshot.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic probe and full resync of one engine: lists its containers (which is also the liveness probe), keeps
 * the node ready or makes it lost after {@code lostAfter} failed probes in a row, takes what foreign containers
 * reserve off the node's capacity, follows the engine's events, measures the live use of LayerX's containers
 * ({@link EngineUsage}), and hands every container or task whose observed and
 * desired states disagree to the container loop.
 */
final class NodeSync {

    private static final Logger log = LoggerFactory.getLogger(NodeSync.class);

    private final ProviderContext ctx;
    private final Map<String, EngineNode> nodes;
    private final Consumer<DockerProvider.TaskKey> enqueue;
    private final BiConsumer<String, Engine.ContainerEvent> onEvent;
    private final EngineUsage usage;

    NodeSync(ProviderContext ctx, Map<String, EngineNode> nodes, Consumer<DockerProvider.TaskKey> enqueue,
             BiConsumer<String, Engine.ContainerEvent> onEvent) {
        this.ctx = ctx;
        this.nodes = nodes;
        this.enqueue = enqueue;
        this.onEvent = onEvent;
        this.usage = new EngineUsage(ctx);
    }

    /** Probes and resyncs one node, then {@code next} schedules the following probe. */
    boolean reconcile(String name, Runnable next) {
        EngineNode n = nodes.get(name);
        if (n == null || n.closed()) return false;
        try {
            List<Engine.ContainerSummary> all;
            try {
                all = n.engine().containers();
                n.answered();
            } catch (RuntimeException e) {
                unreachable(n, e);
                return false;
            }
            n.ensureEvents(e -> onEvent.accept(name, e));
            Resources capacity = capacity(n, all);
            ctx.nodes().update(name, node -> {
                if (node.state() != NodeState.LOST) return node.withCapacity(capacity);
                log.info("node {}: engine {} answers again; node ready", name, n.endpoint().address());
                return node.withState(NodeState.READY).withCapacity(capacity);
            });
            disagreements(name, all).forEach(enqueue);
            usage.measure(n, all, capacity);
            return false;
        } finally {
            next.run();
        }
    }

    private void unreachable(EngineNode n, RuntimeException e) {
        int failures = n.failed();
        if (failures < n.settings().lostAfter()) return;
        ctx.nodes().update(n.name(), node -> node.state() == NodeState.READY ? node.withState(NodeState.LOST) : node)
                .ifPresent(node -> log.warn("node {}: engine {} does not answer ({} probes): {}; node lost", n.name(),
                        n.endpoint().address(), failures, EngineErrors.message(e)));
    }

    /** The node's capacity: the engine's (or the endpoint's override) less what foreign running containers reserve. */
    private static Resources capacity(EngineNode n, List<Engine.ContainerSummary> all) {
        Set<String> foreignRunning = all.stream()
                .filter(c -> c.running() && !n.name().equals(c.labels().get(ContainerPlan.NODE_LABEL)))
                .map(Engine.ContainerSummary::id).collect(Collectors.toSet());
        Resources foreign = n.foreignReservations(foreignRunning,
                id -> n.engine().inspect(id).map(Engine.ContainerStatus::reserved).orElse(Resources.ZERO));
        Resources base = n.baseCapacity();
        return new Resources(Math.max(0, base.cpu() - foreign.cpu()), Math.max(0, base.memory() - foreign.memory()),
                Math.max(0, base.disk() - foreign.disk()));
    }

    /** Containers and tasks of the node whose observed and desired states disagree. */
    private List<DockerProvider.TaskKey> disagreements(String name, List<Engine.ContainerSummary> all) {
        Map<String, Engine.ContainerSummary> ours = new HashMap<>();
        for (Engine.ContainerSummary c : all) {
            String task = c.labels().get(ContainerPlan.TASK_LABEL);
            if (task != null && name.equals(c.labels().get(ContainerPlan.NODE_LABEL))) ours.put(task, c);
        }
        List<DockerProvider.TaskKey> out = new ArrayList<>();
        ctx.view().read(v -> {
            ours.forEach((id, c) -> {
                Optional<Task> t = v.task(id).map(Versioned::value);
                if (t.isEmpty() || c.running() != shouldRun(t.get())) out.add(new DockerProvider.TaskKey(name, id));
            });
            for (Versioned<Task> t : v.tasksOnNode(name)) {
                if (!ours.containsKey(t.value().id())) out.add(new DockerProvider.TaskKey(name, t.value().id()));
            }
            return null;
        });
        return out;
    }

    private static boolean shouldRun(Task t) {
        return t.state() == TaskState.RUNNING && t.desired() == DesiredState.RUN;
    }
}

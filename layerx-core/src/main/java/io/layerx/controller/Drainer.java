package io.layerx.controller;

import io.layerx.clock.Timer;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.DesiredState;
import io.layerx.model.JobType;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties draining nodes by live migration, start before stop: every running service task on a draining node is
 * moved to the best other node, so no service job drops below its running replicas. Tasks still starting are moved
 * once they run; batch tasks run to completion where they are; system tasks belong to their node and stay. A move
 * that cannot start now (no room) is tried again with backoff. A draining node takes no new work.
 */
public final class Drainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Drainer.class);

    private final StateCache cache;
    private final Moves moves;
    private final WorkQueue<String> queue;
    private final Duration resync;
    private final Set<String> draining = ConcurrentHashMap.newKeySet();

    public Drainer(StateCache cache, Moves moves, Timer timer, Duration resync) {
        this.cache = cache;
        this.moves = moves;
        this.resync = resync;
        this.queue = new WorkQueue<>("drain", 1, Thread.ofVirtual().name("drainer-", 0).factory(), this::reconcile,
                timer, null);
        cache.addListener(this::onChange);
    }

    public void start() {
        queue.start();
        queue.resyncEvery(resync, this::drainingNodes);
    }

    private List<String> drainingNodes() {
        List<String> names = cache.read(v -> v.nodes().stream().map(Versioned::value)
                .filter(n -> n.state() == NodeState.DRAINING).map(Node::name).toList());
        draining.retainAll(names);
        draining.addAll(names);
        return names;
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.NodeChanged n when n.after() != null && n.after().state() == NodeState.DRAINING -> {
                draining.add(n.after().name());
                queue.enqueue(n.after().name());
            }
            case Change.NodeChanged n -> draining.remove(n.after() != null ? n.after().name() : n.before().name());
            case Change.TaskChanged t when t.after() != null && t.after().node() != null
                    && draining.contains(t.after().node()) -> queue.enqueue(t.after().node());
            case Change.Resynced r -> drainingNodes().forEach(queue::enqueue);
            default -> { }
        }
    }

    /** Starts a move for every movable task on the node; true when some must be tried again later. */
    private boolean reconcile(String node) {
        record Plan(List<String> movable, boolean waiting) {
        }
        Plan plan = cache.read(v -> {
            if (v.node(node).map(n -> n.value().state() != NodeState.DRAINING).orElse(true)) return new Plan(List.of(), false);
            List<Task> live = v.tasksOnNode(node).stream().map(Versioned::value)
                    .filter(t -> t.desired() == DesiredState.RUN && v.job(t.job())
                            .map(j -> j.value().type() == JobType.SERVICE).orElse(false)).toList();
            List<String> movable = live.stream().filter(t -> t.state() == TaskState.RUNNING
                    && Moves.replacementOf(v, t).isEmpty()).map(Task::id).toList();
            return new Plan(movable, live.stream().anyMatch(t -> t.state() != TaskState.RUNNING));
        });
        boolean again = plan.waiting();
        for (String id : plan.movable()) {
            try {
                moves.migrate(id, null, null);
            } catch (LayerXException e) {
                log.info("draining {}: task {} cannot move yet: {}", node, id, e.getMessage());
                again = true;
            }
        }
        return again;
    }

    @Override
    public void close() {
        queue.close();
    }
}

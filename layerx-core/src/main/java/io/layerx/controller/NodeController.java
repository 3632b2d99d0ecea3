package io.layerx.controller;

import io.layerx.clock.Timer;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.state.TaskEvent;
import java.time.Duration;
import java.util.List;

/**
 * Marks the live tasks of a lost or down node lost, so their jobs replace them elsewhere. Level-triggered on node
 * changes and on resync.
 */
public final class NodeController implements AutoCloseable {

    private final StateCache cache;
    private final StatusWriter status;
    private final WorkQueue<String> queue;
    private final Duration resync;

    public NodeController(StateCache cache, StatusWriter status, Timer timer, Duration resync) {
        this.cache = cache;
        this.status = status;
        this.resync = resync;
        this.queue = new WorkQueue<>("nodes", 1, Thread.ofVirtual().name("node-controller-", 0).factory(),
                this::reconcile, timer, null);
        cache.addListener(this::onChange);
    }

    public void start() {
        queue.start();
        queue.resyncEvery(resync, this::gone);
    }

    private List<String> gone() {
        return cache.read(v -> v.nodes().stream().map(Versioned::value).filter(NodeController::isGone)
                .map(Node::name).toList());
    }

    private static boolean isGone(Node n) {
        return n.state() == NodeState.LOST || n.state() == NodeState.DOWN;
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.NodeChanged n when n.after() != null && isGone(n.after()) -> queue.enqueue(n.after().name());
            case Change.Resynced r -> gone().forEach(queue::enqueue);
            default -> { }
        }
    }

    private boolean reconcile(String nodeName) {
        List<String> tasks = cache.read(v -> {
            var node = v.node(nodeName);
            if (node.isPresent() && !isGone(node.get().value())) return List.<String>of();
            return v.tasksOnNode(nodeName).stream().map(t -> t.value().id()).toList();
        });
        String reason = "node " + nodeName + " lost";
        var pending = tasks.stream().map(id -> status.report(id, new TaskEvent.Lost(reason))).toList();
        pending.forEach(f -> f.join());
        return false;
    }

    @Override
    public void close() {
        queue.close();
    }
}

package io.layerx.usage;

import io.layerx.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live usage of every node that reports it, as of its last report (in memory: usage is re-reported every
 * heartbeat, so a restarted server knows it again within one). Each report replaces the node's whole entry, so the
 * board holds at most the running tasks of the nodes that reported within {@link #STALE}. Thread-safe.
 */
public final class UsageBoard {
    /** A node's report older than this is not shown (the node stopped reporting). */
    public static final Duration STALE = Duration.ofSeconds(60);

    private final InstantSource clock;
    private final Map<String, NodeUsage> nodes = new ConcurrentHashMap<>();
    private final List<UsageListener> listeners = new CopyOnWriteArrayList<>();

    public UsageBoard(InstantSource clock) {
        this.clock = clock;
    }

    public void addListener(UsageListener l) {
        listeners.add(l);
    }

    /** The node's report now: its capacity and its running tasks' reservations and use. */
    public void report(String node, Resources capacity, List<TaskUsage> tasks) {
        Instant now = clock.instant();
        Usage used = Usage.NONE;
        Resources reserved = Resources.ZERO;
        List<TaskUsage> stamped = new ArrayList<>(tasks.size());
        for (TaskUsage t : tasks) {
            used = used.plus(t.used());
            reserved = reserved.plus(t.reserved());
            stamped.add(new TaskUsage(t.task(), t.job(), node, t.reserved(), t.used(), now));
        }
        NodeUsage report = new NodeUsage(node, capacity, reserved, used, now, stamped);
        nodes.put(node, report);
        for (UsageListener l : listeners) l.reported(report);
    }

    /** Forgets a node (it left). */
    public void forget(String node) {
        nodes.remove(node);
    }

    /** Every node that reported recently, by name. */
    public List<NodeUsage> nodes() {
        Instant oldest = clock.instant().minus(STALE);
        return nodes.values().stream().filter(n -> !n.at().isBefore(oldest))
                .sorted(Comparator.comparing(NodeUsage::node)).toList();
    }

    public Optional<NodeUsage> node(String name) {
        return nodes().stream().filter(n -> n.node().equals(name)).findFirst();
    }

    /** Every task measured recently, by id. */
    public List<TaskUsage> tasks() {
        return nodes().stream().flatMap(n -> n.tasks().stream()).sorted(Comparator.comparing(TaskUsage::task)).toList();
    }

    public Optional<TaskUsage> task(String id) {
        return tasks().stream().filter(t -> t.task().equals(id)).findFirst();
    }
}

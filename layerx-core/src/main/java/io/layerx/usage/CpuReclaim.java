package io.layerx.usage;

import io.layerx.controller.NodeWriter;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps each node's reclaimed cpu ({@link Node#reclaimedCpu()}) up to date from the usage reports, by the rule of
 * {@link CpuOvercommit}: for nodes of clusters with the option on it remembers each running task's cpu samples of
 * the last {@link #WINDOW} (at most {@link #MAX_SAMPLES} per task; tasks that stop being reported are forgotten) and
 * writes the node when what its tasks lend moved enough; nodes of other clusters are set back to 0.
 */
public final class CpuReclaim implements UsageListener {

    public static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_SAMPLES = 128;

    private record Sample(Instant at, long cpu) {
    }

    private final StateCache view;
    private final NodeWriter nodes;
    private final Map<String, Map<String, Deque<Sample>>> byNode = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public CpuReclaim(StateCache view, NodeWriter nodes) {
        this.view = view;
        this.nodes = nodes;
    }

    @Override
    public void reported(NodeUsage report) {
        Optional<Node> node = view.read(v -> v.node(report.node()).map(Versioned::value));
        if (node.isEmpty()) return;
        Cluster cluster = view.read(v -> v.cluster(node.get().cluster()).map(Versioned::value).orElse(null));
        long lent = 0;
        if (CpuOvercommit.on(cluster)) {
            lent = lent(report);
        } else {
            byNode.remove(report.node());
        }
        long was = node.get().reclaimedCpu();
        if (lent == was || !CpuOvercommit.worthWriting(was, lent, node.get().capacity().cpu())) return;
        long now = lent;
        nodes.update(report.node(), n -> n.withReclaimedCpu(now));
    }

    /** Adds the report's samples to the node's tasks' windows and sums what they lend. */
    private long lent(NodeUsage report) {
        Instant oldest = report.at().minus(WINDOW);
        lock.lock();
        try {
            Map<String, Deque<Sample>> tasks = byNode.computeIfAbsent(report.node(), k -> new HashMap<>());
            Map<String, Deque<Sample>> kept = new HashMap<>();
            long lent = 0;
            for (TaskUsage t : report.tasks()) {
                Deque<Sample> q = tasks.getOrDefault(t.task(), new ArrayDeque<>());
                q.addLast(new Sample(t.at(), t.used().cpu()));
                while (q.size() > MAX_SAMPLES || q.peekFirst().at().isBefore(oldest)) q.removeFirst();
                kept.put(t.task(), q);
                List<Long> cpu = new ArrayList<>(q.size());
                for (Sample s : q) cpu.add(s.cpu());
                lent += CpuOvercommit.lends(t.reserved().cpu(), cpu);
            }
            byNode.put(report.node(), kept);
            return lent;
        } finally {
            lock.unlock();
        }
    }
}

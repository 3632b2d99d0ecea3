package io.layerx.usage;

import io.layerx.controller.NodeWriter;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.snapshot.Change;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each node's reclaimed cpu ({@link Node#reclaimedCpu()}) up to date from the usage reports, by the rule of
 * {@link CpuOvercommit}: for nodes of clusters with the option on it remembers each running task's cpu samples of
 * the last {@link #WINDOW} (at most {@link #MAX_SAMPLES} per task; tasks that stop being reported are forgotten) and
 * writes the node when what its tasks lend moved enough; nodes of other clusters are set back to 0. A task that
 * stops holding its node's resources (it ended or moved) or shrinks takes what it lent off its node at once
 * ({@link #onChange}), without waiting for the node's next report.
 */
public final class CpuReclaim implements UsageListener {

    public static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_SAMPLES = 128;
    private static final Logger log = LoggerFactory.getLogger(CpuReclaim.class);

    private record Sample(Instant at, long cpu) {
    }

    private final StateCache view;
    private final NodeWriter nodes;
    private final Map<String, Map<String, Deque<Sample>>> byNode = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** What each measured task lent at its node's last report. */
    private final Map<String, Long> lentBy = new ConcurrentHashMap<>();

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
                long lends = CpuOvercommit.lends(t.reserved().cpu(), cpu);
                lentBy.put(t.task(), lends);
                lent += lends;
            }
            for (String gone : tasks.keySet()) if (!kept.containsKey(gone)) lentBy.remove(gone);
            byNode.put(report.node(), kept);
            return lent;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A view change: a task that no longer holds resources on its node, or holds less cpu, takes what it lent off the
     * node now (written on a virtual thread: the view's listener must not wait for a commit). Taking off too much (a
     * report already did) only lends less until the next report: the safe side.
     */
    public void onChange(Change change) {
        if (!(change instanceof Change.TaskChanged t) || t.before() == null) return;
        Task b = t.before();
        Task a = t.after();
        if (b.node() == null || !b.state().holdsResources()) return;
        boolean stays = a != null && b.node().equals(a.node()) && a.state().holdsResources();
        long shrink = stays ? b.resources().cpu() - a.resources().cpu() : Long.MAX_VALUE;
        Long lent = lentBy.get(b.id());
        if (shrink <= 0 || lent == null || lent == 0) return;
        long drop = Math.min(lent, shrink);
        if (stays) {
            lentBy.put(b.id(), lent - drop);
        } else {
            lentBy.remove(b.id());
        }
        String node = b.node();
        Thread.ofVirtual().name("cpu-reclaim-", 0).start(() -> {
            try {
                nodes.update(node, n -> n.withReclaimedCpu(Math.max(0, n.reclaimedCpu() - drop)));
            } catch (RuntimeException e) {
                log.warn("node {}: the cpu task {} lent is still counted until the next report: {}", node, b.id(), e.toString());
            }
        });
    }
}

package io.layerx.provider.resource.sim;

import io.layerx.clock.Timer;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import io.layerx.usage.TaskUsage;
import io.layerx.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Simulated live use, for clusters with a {@code usageRatio}: every {@link #EVERY} each of their nodes reports its
 * running tasks to the pool's usage board as an agent's heartbeat would. A task uses {@code usageRatio} of its
 * reservation times a factor of its own in [0.5, 1.5), seeded by its id (so the same task always uses the same, and
 * a pool's tasks spread around the ratio), never more than it reserves; one pid each. A node without running tasks
 * reports once, empty, after its last task ended, and then not until it runs one again (so 100,000 idle nodes cost
 * nothing).
 */
final class SimUsage implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(5);

    private final ProviderContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private Timer.Cancellable next;
    private boolean closed;
    /** The nodes the last report covered: the timer's thread only. */
    private Set<String> reported = Set.of();

    SimUsage(ProviderContext ctx) {
        this.ctx = ctx;
    }

    void start() {
        schedule(Duration.ZERO);
    }

    private void schedule(Duration in) {
        lock.lock();
        try {
            if (!closed) next = ctx.timer().schedule(in, this::tick);
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        try {
            report();
        } finally {
            schedule(EVERY);
        }
    }

    /** One report per node of a using cluster that runs tasks (or ran some at the last report). */
    private void report() {
        record Report(Node node, List<TaskUsage> tasks) {
        }
        List<Report> reports = ctx.view().read(v -> {
            Map<String, Double> ratios = new HashMap<>();
            for (Versioned<Cluster> c : v.clusters()) {
                if (!SimProvider.KIND.equals(c.value().kind())) continue;
                double r = SimSettings.read(c.value(), new ArrayList<>()).usageRatio();
                if (r > 0) ratios.put(c.value().name(), r);
            }
            List<Report> out = new ArrayList<>();
            if (ratios.isEmpty() && reported.isEmpty()) return out;
            for (Versioned<Node> vn : v.nodes()) {
                String name = vn.value().name();
                Double ratio = ratios.get(vn.value().cluster());
                List<TaskUsage> tasks = ratio == null ? List.of() : running(v, name, ratio);
                if (!tasks.isEmpty() || reported.contains(name)) out.add(new Report(vn.value(), tasks));
            }
            return out;
        });
        Set<String> now = new HashSet<>();
        for (Report r : reports) {
            ctx.usage().report(r.node().name(), r.node().capacity(), r.tasks());
            if (!r.tasks().isEmpty()) now.add(r.node().name());
        }
        reported = now;
    }

    private static List<TaskUsage> running(View v, String node, double ratio) {
        List<TaskUsage> out = new ArrayList<>();
        for (Versioned<Task> t : v.tasksOnNode(node)) {
            if (t.value().state() == TaskState.RUNNING) out.add(used(t.value(), ratio));
        }
        return out;
    }

    /** The task's simulated use: its reservation times the ratio times its own seeded factor, at most the reservation. */
    static TaskUsage used(Task t, double ratio) {
        double share = Math.min(1, ratio * new SplittableRandom(t.id().hashCode()).nextDouble(0.5, 1.5));
        long memory = Math.round((t.resources().memory() << 20) * share);
        Usage u = new Usage(Math.round(t.resources().cpu() * share), memory, memory, 1);
        return new TaskUsage(t.id(), t.job(), t.node(), t.resources(), u, null);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (next != null) next.cancel();
        } finally {
            lock.unlock();
        }
    }
}

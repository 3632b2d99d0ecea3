package io.layerx.cli.bench;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.Cluster;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.rebalance.RebalancerSettings;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Store;
import io.layerx.store.embedded.EmbeddedStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The rebalancer benchmark: a fragmented simulated pool (service jobs of mixed sizes placed with spread, so every
 * node is partly used), then the binpack rebalancer under a budget of moves per minute. Reports the nodes in use
 * before and after against the lower bound, the moves made, and whether any job ever ran below its replicas
 * (sampled at every change).
 */
final class RebalanceBench {

    /** What one run is asked to do. */
    record Params(int nodes, int tasksPerJob, int movesPerMinute, Duration limit) {
    }

    private static final long NODE_CPU = 4000;
    private static final long NODE_MEMORY = 8192;
    private static final long[] SIZES = {250, 500, 750, 1000};

    private RebalanceBench() {
    }

    static Map<String, Object> run(Params p) throws IOException {
        Path dir = Files.createTempDirectory("layerx-bench");
        try (Store store = EmbeddedStore.open(dir.resolve("store"));
             LayerXCore core = LayerXCore.start(store, new CoreOptions(2, Duration.ofMinutes(10), InstantSource.system(),
                     new SimpleMeterRegistry()))) {
            core.controlPlane().addCluster(new Cluster("pool", "sim", Map.of(), Map.of("nodes", String.valueOf(p.nodes()),
                    "cpu", String.valueOf(NODE_CPU), "memory", String.valueOf(NODE_MEMORY), "startDelayMs", "5"), null));
            long demand = 0;
            for (int j = 0; j < SIZES.length; j++) {
                TaskSpec spec = new TaskSpec("exec", List.of("sleep", "3600"), null, Map.of(),
                        Resources.of(SIZES[j], SIZES[j]), List.of(), null);
                core.controlPlane().submitJob(new Job("svc-" + j, JobType.SERVICE, p.tasksPerJob(), Strategy.SPREAD, 50,
                        Map.of(), List.of(), spec, 0, false, 0, null, null));
                demand += SIZES[j] * p.tasksPerJob();
            }
            int total = SIZES.length * p.tasksPerJob();
            waitUntil(() -> running(core) == total, Duration.ofMinutes(5));
            int before = usedNodes(core);
            AtomicBoolean belowTarget = new AtomicBoolean();
            core.view().addListener(c -> {
                if (c instanceof Change.TaskChanged && running(core) < total) belowTarget.set(true);
            });
            long start = System.nanoTime();
            core.controlPlane().configureRebalancer(new RebalancerSettings(true, Strategy.BINPACK, Set.of(),
                    p.movesPerMinute(), 0.2));
            long lastMoves = -1;
            long quietSince = System.nanoTime();
            java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();
            samples.add(new long[] {start, 0});
            while (System.nanoTime() - start < p.limit().toNanos()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                long now = System.nanoTime();
                long moves = core.controlPlane().rebalancer().moves();
                samples.addLast(new long[] {now, moves});
                while (samples.size() > 1 && samples.peekFirst()[0] < now - TimeUnit.SECONDS.toNanos(60)) samples.removeFirst();
                boolean budgetSpent = moves - samples.peekFirst()[1] >= p.movesPerMinute();
                if (moves != lastMoves || moving(core) || budgetSpent) {
                    lastMoves = moves;
                    quietSince = now;
                } else if (now - quietSince > TimeUnit.SECONDS.toNanos(5)) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scenario", "rebalance");
            out.put("nodes", p.nodes());
            out.put("tasks", total);
            out.put("nodes_used_before", before);
            out.put("nodes_used_after", usedNodes(core));
            out.put("nodes_freed", before - usedNodes(core));
            out.put("lower_bound", (long) Math.ceil((double) demand / NODE_CPU));
            out.put("moves", core.controlPlane().rebalancer().moves());
            out.put("moves_per_minute_budget", p.movesPerMinute());
            out.put("seconds", Math.round(seconds * 10) / 10.0);
            out.put("any_job_below_target", belowTarget.get());
            out.put("cores", Runtime.getRuntime().availableProcessors());
            return out;
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    private static int running(LayerXCore core) {
        return core.view().read(v -> (int) v.tasks().stream().filter(t -> t.value().state() == TaskState.RUNNING
                && t.value().desired() == DesiredState.RUN).count());
    }

    private static boolean moving(LayerXCore core) {
        return core.view().read(v -> v.tasks().stream().map(Versioned::value)
                .anyMatch(t -> !t.state().terminal() && (t.desired() == DesiredState.STOP || t.state() != TaskState.RUNNING)));
    }

    private static int usedNodes(LayerXCore core) {
        return core.view().read(v -> {
            Set<String> used = new HashSet<>();
            for (Versioned<Task> t : v.tasks()) if (t.value().node() != null && t.value().state().holdsResources()) used.add(t.value().node());
            return used.size();
        });
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new IllegalStateException("the pool did not settle within " + limit);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}

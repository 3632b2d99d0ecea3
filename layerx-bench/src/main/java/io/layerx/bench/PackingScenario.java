package io.layerx.bench;

import io.layerx.bench.fenzo.FenzoRun;
import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskState;
import io.layerx.rebalance.RebalancerSettings;
import io.layerx.service.ControlPlane;
import io.layerx.snapshot.Versioned;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Packing quality: tasks of mixed sizes (the Alibaba GPU trace read at run time, or a seeded synthetic mix) on a
 * pool of alike nodes half again larger than needed, placed with the binpack strategy. Tasks arrive online in the
 * source's order (the trace's creation time), one job per run of equal consecutive tasks, each job placed before
 * the next is submitted. Reports the nodes that got any task against the lower bound (max over dimensions of
 * ceil(total demand / node capacity)), beside first-fit and best-fit on the same instance ({@link Baselines}) and
 * Fenzo (cpu and memory bin packer, the gpu sum as a scalar) placing the same tasks in the same order on the same
 * pool. LayerX, first-fit and best-fit place GPUs per device.
 */
public final class PackingScenario {

    /**
     * @param trace          the folder of the Alibaba gpu-v2023 trace, or {@code null} for the synthetic mix
     * @param podList        the trace's pod list file to read
     * @param tasks          synthetic mix only: how many tasks
     * @param rebalance      after the online placement, run the binpack rebalancer on the packed pool until it stops
     *                       finding a node to free (or {@link #REBALANCE_LIMIT}); tasks then start running at once
     * @param movesOnArrival place with the rebalancer's {@code onArrival} setting (a task that would open a node may
     *                       move one running task to make room instead), and again without it for comparison
     */
    public record Params(Path trace, String podList, int tasks, long seed, int brains, boolean peer,
                         double goodEnough, boolean rebalance, boolean movesOnArrival) {
    }

    /** The rebalancer's budget here: as many moves per minute as it allows. */
    private static final int MOVES_PER_MINUTE = 10_000;
    /** The rebalancer stops once no move started and none was under way for this long. */
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration REBALANCE_LIMIT = Duration.ofMinutes(15);

    private PackingScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        TaskMix mix = p.trace() != null ? TaskMix.trace(p.trace(), p.podList()) : TaskMix.synthetic(p.tasks(), p.seed());
        long bound = mix.lowerBound();
        int pool = (int) (bound * 3 / 2 + 2);
        List<Map.Entry<Resources, Integer>> runs = mix.runs();
        Figures f = online(p.brains(), mix, bound, pool, runs, p.movesOnArrival(), p.rebalance());
        if (p.movesOnArrival()) {
            Figures plain = online(p.brains(), mix, bound, pool, runs, false, false);
            long nodes = ((Number) plain.values().get("nodes_used")).longValue();
            f.put("without_moves_nodes", nodes).put("without_moves_ratio_to_lower_bound", (double) nodes / bound);
        }
        int ff = Baselines.firstFit(mix.node(), mix.arrivals());
        int bf = Baselines.bestFit(mix.node(), mix.arrivals());
        f.put("first_fit_nodes", ff).put("first_fit_ratio_to_lower_bound", (double) ff / bound)
                .put("best_fit_nodes", bf).put("best_fit_ratio_to_lower_bound", (double) bf / bound);
        if (p.peer()) peer(f, mix, pool, runs, bound, p.goodEnough());
        return f;
    }

    /** LayerX places the mix online on a fresh pool (and rebalances when asked): its figures. */
    private static Figures online(int brains, TaskMix mix, long bound, int pool, List<Map.Entry<Resources, Integer>> runs,
                                  boolean moves, boolean rebalance) throws InterruptedException {
        Figures f;
        try (Rig rig = Rig.start(brains, InstantSource.system())) {
            // tasks must run to move: they start 5 ms after placement instead of the rig's hour
            if (rebalance || moves) rig.addSimCluster("pack", pool, mix.node(), 0, "", Duration.ofMillis(5));
            else rig.addSimCluster("pack", pool, mix.node(), 0, "");
            ControlPlane cp = rig.core().controlPlane();
            if (moves) {
                cp.configureRebalancer(new RebalancerSettings(false, Strategy.BINPACK, Set.of("pack"), MOVES_PER_MINUTE,
                        0.2, true));
            }
            rig.countOnly(j -> j.startsWith("pack-"));
            long start = System.nanoTime();
            long target = 0;
            boolean done = true;
            for (int i = 0; i < runs.size() && done; i++) {
                Jobs one = Jobs.of("pack-" + i + "-", 1, runs.get(i).getValue(), runs.get(i).getKey())
                        .with(Strategy.BINPACK);
                rig.submit(one.job(0));
                target += one.tasks();
                done = rig.awaitPlaced(target, Wave.STALL, Duration.ofMinutes(10));
            }
            double seconds = (rig.lastPlacedAt(start) - start) / 1e9;
            Rig.Stored stored = rig.committed(j -> j.startsWith("pack-"));
            f = Figures.of("packing", stored.tasks(), seconds).put("source", mix.source())
                    .put("tasks", mix.tasks()).put("skipped_tasks", mix.skipped()).put("jobs", runs.size())
                    .put("node", mix.node().cpu() + "m cpu, " + mix.node().memory() + " MiB, "
                            + mix.gpus() + " GPU")
                    .put("pool_nodes", pool).put("nodes_used", stored.nodes()).put("lower_bound", bound)
                    .put("ratio_to_lower_bound", (double) stored.nodes() / bound).put("counted", rig.placed())
                    .put("complete", done && stored.tasks() == mix.tasks()).put("store", "embedded")
                    .put("order", "arrival").put("moves_on_arrival", moves ? movedOnArrival(rig) : 0);
            if (moves) cp.configureRebalancer(RebalancerSettings.OFF);
            if (rebalance) rebalance(rig, f, mix.tasks(), bound);
        }
        return f;
    }

    /** The moves made on arrival: replacements written. */
    private static long movedOnArrival(Rig rig) {
        return rig.core().view().read(v -> v.tasks().stream().map(Versioned::value)
                .filter(t -> t.job().startsWith("pack-") && t.replaces() != null).count());
    }

    /**
     * The real rebalancer (binpack, its largest budget) on the packed pool, through the real migration path: each
     * move starts the task on a node in use and stops it where it was once the replacement runs. Reports the nodes
     * in use once it stops finding a node to free, the migrations, and whether every task still runs.
     */
    private static void rebalance(Rig rig, Figures f, long tasks, long bound) {
        ControlPlane cp = rig.core().controlPlane();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (running(rig) != tasks) {
            if (System.nanoTime() > deadline) {
                f.put("rebalance", "not run: " + running(rig) + " of " + tasks + " tasks running after 2 minutes "
                        + states(rig));
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        long start = System.nanoTime();
        cp.configureRebalancer(new RebalancerSettings(true, Strategy.BINPACK, Set.of("pack"), MOVES_PER_MINUTE, 0.2));
        long lastMoves = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - start < REBALANCE_LIMIT.toNanos()) {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            long moves = cp.rebalancer().moves();
            if (moves != lastMoves || running(rig) != tasks || moving(rig)) {
                lastMoves = moves;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                break;
            }
        }
        cp.configureRebalancer(RebalancerSettings.OFF);
        Rig.Stored after = rig.committed(j -> j.startsWith("pack-"));
        f.put("nodes_after_rebalance", after.nodes()).put("ratio_after_rebalance", (double) after.nodes() / bound)
                .put("migrations", cp.rebalancer().moves()).put("migrations_refused", cp.rebalancer().refused())
                .put("rebalance_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0)
                .put("all_running_after_rebalance", after.tasks() == tasks && running(rig) == tasks);
    }

    private static long running(Rig rig) {
        return rig.core().view().read(v -> v.tasks().stream().map(Versioned::value).filter(t -> t.job().startsWith("pack-")
                && t.state() == TaskState.RUNNING && t.desired() == DesiredState.RUN).count());
    }

    /** How many pack tasks are in each state, for a run that cannot go on. */
    private static Map<String, Long> states(Rig rig) {
        return rig.core().view().read(v -> v.tasks().stream().map(Versioned::value).filter(t -> t.job().startsWith("pack-"))
                .collect(java.util.stream.Collectors.groupingBy(t -> t.state() + "/" + t.desired(), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())));
    }

    /** A move under way: a pack task asked to stop that has not ended, or a replacement not yet running. */
    private static boolean moving(Rig rig) {
        return rig.core().view().read(v -> v.tasks().stream().map(Versioned::value)
                .anyMatch(t -> t.job().startsWith("pack-") && !t.state().terminal()
                        && (t.desired() == DesiredState.STOP || t.state() != TaskState.RUNNING)));
    }

    private static void peer(Figures f, TaskMix mix, int pool, List<Map.Entry<Resources, Integer>> runs, long bound,
                             double goodEnough) {
        List<FenzoRun.Host> hosts = new ArrayList<>();
        for (int i = 0; i < pool; i++) hosts.add(new FenzoRun.Host("pack-" + i, gpuAsDisk(mix.node()), Map.of()));
        List<FenzoRun.Batch> batches = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            batches.add(new FenzoRun.Batch("pack-" + i, runs.get(i).getValue(), gpuAsDisk(runs.get(i).getKey()), null, null));
        }
        FenzoRun.Outcome o = FenzoRun.run(hosts, batches, goodEnough);
        Peers.put(f, o, mix.tasks(), goodEnough);
        f.put("peer_ratio_to_lower_bound", (double) o.nodesUsed() / bound)
                .put("peer_gpu", "a plain scalar in Fenzo's disk dimension: Fenzo has no per-device GPUs");
    }

    /** Fenzo knows cpu, memory, disk and network: it gets the gpu sum as its disk, so it packs GPUs without devices. */
    private static Resources gpuAsDisk(Resources r) {
        return new Resources(r.cpu(), r.memory(), r.gpu());
    }
}

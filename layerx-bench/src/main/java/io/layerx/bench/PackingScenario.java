package io.layerx.bench;

import io.layerx.bench.fenzo.FenzoRun;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * @param trace   the folder of the Alibaba gpu-v2023 trace, or {@code null} for the synthetic mix
     * @param podList the trace's pod list file to read
     * @param tasks   synthetic mix only: how many tasks
     */
    public record Params(Path trace, String podList, int tasks, long seed, int brains, boolean peer,
                         double goodEnough) {
    }

    private PackingScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        TaskMix mix = p.trace() != null ? TaskMix.trace(p.trace(), p.podList()) : TaskMix.synthetic(p.tasks(), p.seed());
        long bound = mix.lowerBound();
        int pool = (int) (bound * 3 / 2 + 2);
        List<Map.Entry<Resources, Integer>> runs = mix.runs();
        Figures f;
        try (Rig rig = Rig.start(p.brains(), InstantSource.system())) {
            rig.addSimCluster("pack", pool, mix.node(), 0, "");
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
                    .put("order", "arrival");
        }
        int ff = Baselines.firstFit(mix.node(), mix.arrivals());
        int bf = Baselines.bestFit(mix.node(), mix.arrivals());
        f.put("first_fit_nodes", ff).put("first_fit_ratio_to_lower_bound", (double) ff / bound)
                .put("best_fit_nodes", bf).put("best_fit_ratio_to_lower_bound", (double) bf / bound);
        if (p.peer()) peer(f, mix, pool, runs, bound, p.goodEnough());
        return f;
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

package io.layerx.scheduler.ranking;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.List;

/**
 * Fragmentation-aware packing for nodes with GPUs, after FGD (Weng et al., "Beware of Fragmentation: Scheduling
 * GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23, published with the Alibaba GPU trace).
 * A node's fragmentation is the free room that the tasks seen so far ({@link Mix}: the sizes of the tasks the pool
 * holds, weighted by how many) cannot use, in expectation: for a task size that no longer fits the node, all of
 * its free room (cpu, memory and gpu, each as a share of the node's capacity); for one that fits, FGD's GPU term,
 * the free share of the devices too small for its per-device demand (weighted {@link #DEVICE_WEIGHT}). FGD
 * counts only GPUs; here every dimension counts, because on the trace cpu, not gpu, bounds the node count. A
 * placement is scored by how little it increases the fragmentation (the gradient FGD descends), and then by how
 * full the node would be (binpack), so that ties go to nodes already in use. An idle node ranks below every node in
 * use that has room ({@link #IDLE_PENALTY}), as online bin packing opens a new bin only when no open one fits:
 * placing on an idle node barely fragments it, and without this rule every task would start a node of its own.
 */
public final class FragmentationScorer implements Scorer {

    /** How much FGD's device term counts against the whole free room of a size that no longer fits. */
    static final double DEVICE_WEIGHT = 0.3;
    /** How much binpack's fullness counts beside the fragmentation increase. */
    static final double FULLNESS_WEIGHT = 0.001;
    /** Below any score of a node in use (fragmentation is at most 3 shares, and so is its change). */
    static final double IDLE_PENALTY = 10;

    /**
     * Task sizes and their weights (how often each was seen, summing to 1).
     */
    public record Mix(List<Resources> sizes, double[] weights) {
        public static final Mix NONE = new Mix(List.of(), new double[0]);
    }

    private final Mix mix;
    private final Scorer fallback = new BinPackScorer();

    public FragmentationScorer(Mix mix) {
        this.mix = mix;
    }

    @Override
    public double score(Resources capacity, Resources free, int jobTasks, Resources demand) {
        return fallback.score(capacity, free, jobTasks, demand);
    }

    @Override
    public double score(Resources capacity, Resources free, GpuShares gpus, int jobTasks, Resources demand) {
        if (capacity.gpu() <= 0 || mix.sizes().isEmpty()) return fallback.score(capacity, free, jobTasks, demand);
        double before = fragmentation(capacity, free, gpus);
        double after = fragmentation(capacity, free.minus(demand), gpus.take(demand.gpu()));
        double idle = free.equals(capacity) ? IDLE_PENALTY : 0;
        return -(after - before) + FULLNESS_WEIGHT * Scorer.utilizationAfter(capacity, free, demand) - idle;
    }

    /** The expected free share the mix's tasks cannot use on a node with {@code free} left and devices {@code gpus}. */
    double fragmentation(Resources capacity, Resources free, GpuShares gpus) {
        double all = share(free.cpu(), capacity.cpu()) + share(free.memory(), capacity.memory())
                + share(free.gpu(), capacity.gpu());
        double sum = 0;
        List<Resources> sizes = mix.sizes();
        for (int i = 0; i < sizes.size(); i++) {
            Resources m = sizes.get(i);
            boolean fits = free.fits(m) && gpus.fits(m.gpu());
            sum += mix.weights()[i] * (fits ? DEVICE_WEIGHT * deviceFragment(gpus, m.gpu()) / capacity.gpu() : all);
        }
        return sum;
    }

    /** FGD's device term: the free share of the devices on which a task of {@code demand} cannot run. */
    static long deviceFragment(GpuShares gpus, long demand) {
        if (demand <= 0) return 0;
        long need = Math.min(demand, GpuShares.WHOLE);
        long out = 0;
        for (int d = 0; d < gpus.devices(); d++) if (gpus.free(d) < need) out += gpus.free(d);
        return out;
    }

    private static double share(long free, long capacity) {
        return capacity <= 0 ? 0 : (double) Math.max(0, free) / capacity;
    }
}

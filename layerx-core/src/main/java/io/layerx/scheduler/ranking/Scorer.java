package io.layerx.scheduler.ranking;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;

/** Ranks a feasible node for one more task of a job; higher is better. */
public interface Scorer {

    double score(Resources capacity, Resources free, int jobTasks, Resources demand);

    /** As {@link #score(Resources, Resources, int, Resources)}, seeing the node's GPU devices too. */
    default double score(Resources capacity, Resources free, GpuShares gpus, int jobTasks, Resources demand) {
        return score(capacity, free, jobTasks, demand);
    }

    /**
     * As {@link #of(Strategy, long)}; binpack on nodes with GPUs scores by fragmentation ({@link FragmentationScorer})
     * against {@code mix}, the task sizes seen so far.
     */
    static Scorer of(Strategy strategy, long seed, FragmentationScorer.Mix mix) {
        if (strategy == Strategy.BINPACK && !mix.sizes().isEmpty()) return new FragmentationScorer(mix);
        return of(strategy, seed);
    }

    /** @param seed for {@code random}: the same seed, the same choices */
    static Scorer of(Strategy strategy, long seed) {
        return switch (strategy) {
            case BINPACK -> new BinPackScorer();
            case SPREAD -> new SpreadScorer();
            case RANDOM -> new RandomScorer(new java.util.SplittableRandom(seed));
        };
    }

    /** Mean fraction of the node's cpu and memory (and disk and gpu, if it has any) in use once the task is placed. */
    static double utilizationAfter(Resources capacity, Resources free, Resources demand) {
        double sum = 0;
        int dims = 0;
        if (capacity.cpu() > 0) {
            sum += (double) (capacity.cpu() - free.cpu() + demand.cpu()) / capacity.cpu();
            dims++;
        }
        if (capacity.memory() > 0) {
            sum += (double) (capacity.memory() - free.memory() + demand.memory()) / capacity.memory();
            dims++;
        }
        if (capacity.disk() > 0) {
            sum += (double) (capacity.disk() - free.disk() + demand.disk()) / capacity.disk();
            dims++;
        }
        if (capacity.gpu() > 0) {
            sum += (double) (capacity.gpu() - free.gpu() + demand.gpu()) / capacity.gpu();
            dims++;
        }
        return dims == 0 ? 0 : sum / dims;
    }
}

package io.layerx.scheduler.ranking;

import io.layerx.model.Resources;

/** Best fit: the fuller the node would be, the better, so fewer nodes carry the work. */
public final class BinPackScorer implements Scorer {
    @Override
    public double score(Resources capacity, Resources free, int jobTasks, Resources demand) {
        return Scorer.utilizationAfter(capacity, free, demand);
    }
}

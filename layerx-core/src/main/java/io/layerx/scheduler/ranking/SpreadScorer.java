package io.layerx.scheduler.ranking;

import io.layerx.model.Resources;

/**
 * Fewest tasks of the same job first, then the emptiest node: a node failure takes as few replicas as it can,
 * and load evens out.
 */
public final class SpreadScorer implements Scorer {
    @Override
    public double score(Resources capacity, Resources free, int jobTasks, Resources demand) {
        return -jobTasks - Scorer.utilizationAfter(capacity, free, demand) / 2;
    }
}

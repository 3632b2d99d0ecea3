package io.layerx.scheduler.ranking;

import io.layerx.model.Resources;
import java.util.random.RandomGenerator;

/** Every feasible node alike: a fresh random score each time, so ties never pile onto one node. */
public final class RandomScorer implements Scorer {
    private final RandomGenerator random;

    public RandomScorer(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public double score(Resources capacity, Resources free, int jobTasks, Resources demand) {
        return random.nextDouble();
    }
}

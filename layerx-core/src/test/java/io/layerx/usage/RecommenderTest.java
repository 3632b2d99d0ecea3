package io.layerx.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommenderTest {

    private static final Resources RESERVED = new Resources(1000, 1024, 0);

    private static List<UsageHistory.Sample> samples(int n, long cpu, long mib) {
        List<UsageHistory.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new UsageHistory.Sample(Instant.EPOCH.plusSeconds(i), "t" + (i % 2), cpu, mib << 20));
        }
        return out;
    }

    @Test
    void aJobUsingATenthOfItsReservationIsRecommendedNearItsUseWithAMargin() {
        Recommendation r = Recommender.recommend("web", RESERVED, samples(100, 100, 100)).orElseThrow();
        assertThat(r.cpu()).isEqualTo(new Recommendation.Bounds(115, 115, 115, 100));
        assertThat(r.memory()).isEqualTo(new Recommendation.Bounds(115, 115, 115, 100));
        assertThat(r.samples()).isEqualTo(100);
        assertThat(r.tasks()).isEqualTo(2);
        assertThat(r.target()).isEqualTo(new Resources(115, 115, 0));
    }

    @Test
    void boundsFollowThePercentilesAndMemoryIsNeverBelowThePeak() {
        List<UsageHistory.Sample> s = new ArrayList<>(samples(98, 100, 100));
        s.add(new UsageHistory.Sample(Instant.EPOCH.plusSeconds(200), "t0", 900, 600L << 20));
        s.add(new UsageHistory.Sample(Instant.EPOCH.plusSeconds(201), "t0", 900, 600L << 20));
        Recommendation r = Recommender.recommend("web", RESERVED, s).orElseThrow();
        assertThat(r.cpu().target()).as("a short burst does not move the 90th percentile").isEqualTo(115);
        assertThat(r.cpu().peak()).isEqualTo(900);
        assertThat(r.memory().target()).as("never below the peak").isEqualTo(600);
        assertThat(r.memory().lower()).isEqualTo(115);
    }

    @Test
    void tooFewSamplesRecommendNothingAndFloorsHold() {
        assertThat(Recommender.recommend("web", RESERVED, samples(4, 100, 100))).isEmpty();
        Recommendation idle = Recommender.recommend("web", RESERVED, samples(10, 0, 0)).orElseThrow();
        assertThat(idle.cpu().target()).isEqualTo(Recommender.MIN_CPU);
        assertThat(idle.memory().target()).isEqualTo(Recommender.MIN_MEMORY_MIB);
    }
}

package io.layerx.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Resources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoRightsizeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static Recommendation rec(Resources current, int samples) {
        return new Recommendation("web", current, new Recommendation.Bounds(100, 120, 200, 150),
                new Recommendation.Bounds(100, 130, 160, 130), samples, 1, NOW.minusSeconds(600), NOW);
    }

    @Test
    void aReservationOutsideTheBandGoesToTheTarget() {
        assertThat(AutoRightsize.decide(rec(new Resources(1000, 1024, 0), 100), null, NOW))
                .contains(new Resources(120, 130, 0));
        assertThat(AutoRightsize.decide(rec(new Resources(50, 130, 0), 100), null, NOW))
                .as("too small in cpu").contains(new Resources(120, 130, 0));
    }

    @Test
    void insideTheBandNothingMoves() {
        assertThat(AutoRightsize.decide(rec(new Resources(150, 150, 0), 100), null, NOW)).isEmpty();
        assertThat(AutoRightsize.decide(rec(new Resources(200, 100, 0), 100), null, NOW)).as("on the bounds").isEmpty();
    }

    @Test
    void noResizeWithinTheCooldownOrWithFewSamples() {
        Resources far = new Resources(1000, 1024, 0);
        assertThat(AutoRightsize.decide(rec(far, 100), NOW.minus(AutoRightsize.COOLDOWN).plusSeconds(1), NOW)).isEmpty();
        assertThat(AutoRightsize.decide(rec(far, 100), NOW.minus(AutoRightsize.COOLDOWN), NOW)).isPresent();
        assertThat(AutoRightsize.decide(rec(far, AutoRightsize.MIN_SAMPLES - 1), null, NOW)).isEmpty();
    }

    @Test
    void memoryIsNeverBelowThePeak() {
        Recommendation r = new Recommendation("web", new Resources(1000, 1024, 0),
                new Recommendation.Bounds(100, 120, 200, 150), new Recommendation.Bounds(100, 130, 160, 300),
                100, 1, NOW, NOW);
        assertThat(AutoRightsize.decide(r, null, NOW).orElseThrow().memory()).isEqualTo(300);
    }
}

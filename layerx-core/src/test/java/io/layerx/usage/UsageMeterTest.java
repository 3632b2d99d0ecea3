package io.layerx.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void cpuIsTheRateBetweenTwoReadingsAndTheRestIsAsRead() {
        UsageMeter meter = new UsageMeter();
        assertThat(meter.read("t", new Counters(10 * SECOND, 1 << 20, 1 << 19, 2), 100 * SECOND)).isEmpty();
        // half a cpu second per second for two seconds
        assertThat(meter.read("t", new Counters(11 * SECOND, 200L << 20, 190L << 20, 3), 102 * SECOND))
                .contains(new Usage(500, 200L << 20, 190L << 20, 3));
    }

    @Test
    void unmeasuredCpuShowsZeroAndAForgottenTaskStartsOver() {
        UsageMeter meter = new UsageMeter();
        meter.read("t", new Counters(-1, 0, 0, 1), 0);
        assertThat(meter.read("t", new Counters(-1, 5, 4, 1), SECOND)).contains(new Usage(0, 5, 4, 1));
        meter.keepOnly(Set.of());
        assertThat(meter.read("t", new Counters(SECOND, 5, 4, 1), 2 * SECOND)).isEmpty();
    }

    @Test
    void theSourcesReadTimesMakeTheIntervalAndAnUnrefreshedReadingRepeatsTheLastUse() {
        UsageMeter meter = new UsageMeter();
        meter.read("t", new Counters(0, 1, 1, 1, 50 * SECOND), 100 * SECOND);
        // the engine read 1 s apart, but the calls returned 1.5 s apart (a slow answer): still 500m
        assertThat(meter.read("t", new Counters(SECOND / 2, 2, 2, 1, 51 * SECOND), 101 * SECOND + SECOND / 2))
                .contains(new Usage(500, 2, 2, 1));
        assertThat(meter.read("t", new Counters(SECOND / 2, 9, 9, 1, 51 * SECOND), 102 * SECOND))
                .as("same read time").contains(new Usage(500, 2, 2, 1));
        assertThat(meter.read("t", new Counters(SECOND, 3, 3, 1, 52 * SECOND), 103 * SECOND))
                .contains(new Usage(500, 3, 3, 1));
    }
}

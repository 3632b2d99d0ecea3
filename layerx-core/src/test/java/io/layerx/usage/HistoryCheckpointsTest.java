package io.layerx.usage;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.clock.SystemTimer;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import io.layerx.testkit.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage history survives a restart through bounded checkpoints in the store. */
class HistoryCheckpointsTest {

    @RegisterExtension
    final CoreFixture fx = new CoreFixture();

    private static UsageHistory.Sample sample(Instant at, int i, long cpu, long memory) {
        return new UsageHistory.Sample(at.plusSeconds(i), "t-" + (i % 3), cpu, memory);
    }

    @Test
    void aLongHistoryIsThinnedEvenlyToTheBoundAndKeepsItsPeaks() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<UsageHistory.Sample> all = new ArrayList<>();
        for (int i = 0; i < 5000; i++) all.add(sample(t0, i, i == 4321 ? 900 : 100, i == 17 ? 999L << 20 : 50L << 20));
        List<UsageHistory.Sample> kept = HistoryCheckpoints.thinned(all);
        assertThat(kept).hasSizeLessThanOrEqualTo(HistoryCheckpoints.KEPT).hasSizeGreaterThan(HistoryCheckpoints.KEPT - 3);
        assertThat(kept).isSortedAccordingTo(java.util.Comparator.comparing(UsageHistory.Sample::at));
        assertThat(kept).contains(all.get(4321), all.get(17), all.getFirst());
        assertThat(HistoryCheckpoints.thinned(all.subList(0, 10))).isEqualTo(all.subList(0, 10));
    }

    @Test
    void aCheckpointWritesOnlyChangedHistoriesAndARestoredHistoryHasTheSamples() {
        try (InMemoryStore store = new InMemoryStore(); SystemTimer timer = new SystemTimer()) {
            UsageHistory before = new UsageHistory(InstantSource.system(), job -> Optional.of("img"));
            HistoryCheckpoints out = new HistoryCheckpoints(store, before, timer);
            Instant now = Instant.now();
            before.reported(new NodeUsage("n1", null, null, null, now, List.of(
                    new TaskUsage("web-1", "web", "n1", null, new Usage(120, 64L << 20, 0, 1), now))));
            assertThat(out.checkpoint()).as("job:web and image:img").isEqualTo(2);
            assertThat(out.checkpoint()).as("nothing changed").isZero();
            assertThat(store.list(HistoryCheckpoints.PREFIX).items()).hasSize(2);

            UsageHistory after = new UsageHistory(InstantSource.system(), job -> Optional.empty());
            new HistoryCheckpoints(store, after, timer).restore();
            assertThat(after.ofJob("web")).isEqualTo(before.ofJob("web"));
            assertThat(after.ofImage("img")).isEqualTo(before.ofImage("img"));
        }
    }

    @Test
    void aRestartedCoreRecommendsFromWhatItSawBefore() {
        fx.cp().addCluster(Clusters.sim("use", 2, 4000, 8192, Map.of("usageRatio", "0.2")));
        fx.cp().submitJob(aJob().named("web").replicas(3).cpu(1000).memory(1000).build());
        UsageHistory history = fx.core().agents().history();
        await().atMost(Duration.ofSeconds(60)).until(() -> history.ofJob("web").size() >= 6);
        List<UsageHistory.Sample> seen = history.ofJob("web");
        Instant restart = Instant.now();

        fx.restart();
        List<UsageHistory.Sample> restored = fx.core().agents().history().ofJob("web");
        assertThat(restored.stream().filter(s -> s.at().isBefore(restart)).toList()).containsAll(seen);
        assertThat(Recommender.recommend("web", new io.layerx.model.Resources(1000, 1000, 0), restored)).isPresent();
    }
}

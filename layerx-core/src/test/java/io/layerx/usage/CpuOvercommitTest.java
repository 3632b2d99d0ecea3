package io.layerx.usage;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over-commit of cpu by observed use, per cluster: a node full by reservation but idle by use takes one more task
 * only when its cluster has the option on; memory never.
 */
class CpuOvercommitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final CoreFixture fx = new CoreFixture();

    @Test
    void aTaskLendsItsReservationLessItsRecentPeakAndAMarginOnceItHasEnoughSamples() {
        assertThat(CpuOvercommit.lends(1000, List.of(100L, 120L))).as("too few samples").isZero();
        assertThat(CpuOvercommit.lends(1000, List.of(100L, 120L, 80L))).as("peak 120 + 100m margin").isEqualTo(780);
        assertThat(CpuOvercommit.lends(2000, List.of(800L, 400L, 600L))).as("peak 800 + 25%").isEqualTo(1000);
        assertThat(CpuOvercommit.lends(500, List.of(450L, 450L, 450L))).as("never below 0").isZero();
    }

    @Test
    void aNodeIsRewrittenOnAnyDropButOnlyOnARiseOfAtLeastFivePercentOrAHundredMillicores() {
        assertThat(CpuOvercommit.worthWriting(1000, 990, 4000)).isTrue();
        assertThat(CpuOvercommit.worthWriting(1000, 995, 4000)).isFalse();
        assertThat(CpuOvercommit.worthWriting(5, 0, 4000)).isTrue();
        assertThat(CpuOvercommit.worthWriting(1000, 1150, 4000)).isFalse();
        assertThat(CpuOvercommit.worthWriting(1000, 1200, 4000)).isTrue();
        assertThat(CpuOvercommit.worthWriting(0, 100, 1000)).isTrue();
    }

    @Test
    void aNodeFullByReservationButIdleByUseTakesOneMoreTaskOnlyWithTheOptionOnAndNeverMoreMemory() {
        fx.cp().addCluster(Clusters.sim("lend", 1, 2000, 4096, Map.of("usageRatio", "0.1", CpuOvercommit.SETTING, "true")));
        fx.cp().addCluster(Clusters.sim("strict", 1, 2000, 4096, Map.of("usageRatio", "0.1")));
        for (String c : List.of("lend", "strict")) {
            fx.cp().submitJob(aJob().named("fill-" + c).replicas(2).cpu(1000).memory(1000)
                    .constraint("cluster.name == " + c).build());
        }
        await().atMost(WAIT).until(() -> fx.running("fill-lend").size() == 2 && fx.running("fill-strict").size() == 2);
        // two tasks reserving 1000m, using 50-150m each: each lends 1000 - (peak + 100m) once it has 3 samples
        await().atMost(WAIT).until(() -> fx.cp().node("lend-01").node().reclaimedCpu() >= 1500);
        assertThat(fx.cp().node("lend-01").node().reclaimedCpu()).isLessThanOrEqualTo(1700);
        assertThat(fx.cp().node("strict-01").node().reclaimedCpu()).as("option off").isZero();

        for (String c : List.of("lend", "strict")) {
            fx.cp().submitJob(aJob().named("more-" + c).cpu(1000).memory(100).constraint("cluster.name == " + c).build());
        }
        await().atMost(WAIT).until(() -> fx.running("more-lend").size() == 1);
        assertThat(fx.running("more-lend").getFirst().node()).isEqualTo("lend-01");
        await().atMost(WAIT).until(() -> !fx.cp().job("more-strict").problems().isEmpty());
        assertThat(fx.cp().tasks(new TaskFilter("more-strict", null, TaskState.PENDING))).hasSize(1);
        assertThat(fx.cp().job("more-strict").problems()).anyMatch(p -> p.contains("insufficient cpu"))
                .noneMatch(p -> p.contains("over-commits"));

        fx.cp().submitJob(aJob().named("big-lend").cpu(100).memory(3000).constraint("cluster.name == lend").build());
        await().atMost(WAIT).until(() -> !fx.cp().job("big-lend").problems().isEmpty());
        assertThat(fx.cp().tasks(new TaskFilter("big-lend", null, TaskState.PENDING))).hasSize(1);
        assertThat(fx.cp().job("big-lend").problems()).anyMatch(p -> p.contains("insufficient memory"))
                .anyMatch(p -> p.matches("cluster lend over-commits cpu by use: 1 of the 1 node short of room lend \\d+m"
                        + " cpu beyond capacity .*; memory is never over-committed"));
    }

    /** No usageRatio: nothing reports but this test, so only the task's end can take its lent cpu off the node. */
    @Test
    void aTaskThatEndsStopsLendingAtOnceWithoutWaitingForItsNodesNextReport() {
        fx.cp().addCluster(Clusters.sim("quiet", 1, 2000, 4096, Map.of(CpuOvercommit.SETTING, "true")));
        fx.cp().submitJob(aJob().named("idle").replicas(2).cpu(1000).memory(100).build());
        await().atMost(WAIT).until(() -> fx.running("idle").size() == 2);
        List<Task> tasks = fx.running("idle");
        for (int i = 0; i < CpuOvercommit.MIN_SAMPLES; i++) {
            fx.core().agents().usage().report("quiet-01", new Resources(2000, 4096, 0), tasks.stream()
                    .map(t -> new TaskUsage(t.id(), t.job(), "quiet-01", t.resources(), new Usage(100, 10L << 20, 0, 1), null))
                    .toList());
        }
        // each lends 1000 - (100 + 100m margin)
        await().atMost(WAIT).until(() -> fx.cp().node("quiet-01").node().reclaimedCpu() == 1600);
        fx.cp().stopJob("idle");
        await().atMost(WAIT).until(() -> fx.cp().node("quiet-01").node().reclaimedCpu() == 0);
    }

    @Test
    void theOptionIsTrueOrFalseAndLeftOutOfWhatTheProviderChecks() {
        assertThatThrownBy(() -> fx.cp().addCluster(Clusters.sim("bad", 1, 1000, 1000, Map.of(CpuOvercommit.SETTING, "yes"))))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details())
                        .containsExactly("cpuOvercommitByUse must be true or false, got 'yes'"));
        fx.cp().addCluster(Clusters.sim("ok", 2, 1000, 1000, Map.of(CpuOvercommit.SETTING, "false")));
        assertThat(fx.cp().nodes("ok")).hasSize(2);
    }
}

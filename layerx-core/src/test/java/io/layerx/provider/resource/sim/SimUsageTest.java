package io.layerx.provider.resource.sim;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import io.layerx.usage.TaskUsage;
import io.layerx.usage.UsageBoard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Simulated clusters with a usageRatio report live use for their running tasks; others report none. */
class SimUsageTest {

    @RegisterExtension
    final CoreFixture fx = new CoreFixture();

    @Test
    void runningTasksUseAboutTheRatioOfTheirReservationEachItsOwnShareStableOverReports() {
        fx.cp().addCluster(Clusters.sim("busy", 4, 4000, 8192, Map.of("usageRatio", "0.3")));
        fx.cp().addCluster(Clusters.sim("idle", 2, 4000, 8192));
        fx.cp().submitJob(aJob().named("web").replicas(20).cpu(1000).memory(1000).constraint("cluster.name == busy").build());
        fx.cp().submitJob(aJob().named("quiet").replicas(2).cpu(100).memory(100).constraint("cluster.name == idle").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.running("web").size() == 16 && fx.running("quiet").size() == 2);
        UsageBoard board = fx.core().agents().usage();
        await().atMost(Duration.ofSeconds(30)).until(() -> board.tasks().size() == 16);

        List<TaskUsage> used = board.tasks();
        assertThat(used).extracting(TaskUsage::job).containsOnly("web");
        long cpu = 0;
        for (TaskUsage u : used) {
            assertThat(u.reserved()).isEqualTo(new Resources(1000, 1000, 0));
            assertThat(u.used().cpu()).isBetween(150L, 450L);
            assertThat(u.used().memory()).isBetween(150L << 20, 450L << 20);
            assertThat(u.used().pids()).isEqualTo(1);
            cpu += u.used().cpu();
        }
        assertThat(used.stream().map(u -> u.used().cpu()).distinct().count()).as("each task its own share")
                .isGreaterThanOrEqualTo(10);
        assertThat(cpu / used.size()).as("the shares spread around the ratio").isBetween(220L, 380L);
        assertThat(board.nodes()).extracting(n -> n.node()).containsExactly("busy-01", "busy-02", "busy-03", "busy-04");
        assertThat(board.node("busy-01").orElseThrow().reserved()).isEqualTo(new Resources(4000, 4000, 0));

        Task one = fx.running("web").getFirst();
        long first = board.task(one.id()).orElseThrow().used().cpu();
        var at = board.task(one.id()).orElseThrow().at();
        await().atMost(Duration.ofSeconds(20)).until(() -> board.task(one.id()).orElseThrow().at().isAfter(at));
        assertThat(board.task(one.id()).orElseThrow().used().cpu()).as("the same task uses the same").isEqualTo(first);

        fx.cp().stopJob("web");
        await().atMost(Duration.ofSeconds(15)).until(() -> board.tasks().isEmpty());
        assertThat(board.nodes()).as("each node reported once, empty").allSatisfy(n -> assertThat(n.tasks()).isEmpty());
    }

    @Test
    void aRatioOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> fx.cp().addCluster(Clusters.sim("bad", 1, 1000, 1000, Map.of("usageRatio", "1.5"))))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details())
                        .containsExactly("usageRatio must be a decimal between 0 and 1 (e.g. 0.3), got '1.5'"));
        assertThatThrownBy(() -> fx.cp().addCluster(Clusters.sim("bad", 1, 1000, 1000, Map.of("usageRatio", "lots"))))
                .isInstanceOf(LayerXException.Invalid.class);
    }
}

package io.layerx.rebalance;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.core.LayerXCore;
import io.layerx.model.DesiredState;
import io.layerx.model.LayerXException;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rebalancer on simulated pools: binpack frees whole nodes, spread evens load; never below target, one move per job. */
class RebalancerTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;
    private final Map<String, Integer> fewestRunning = new ConcurrentHashMap<>();
    private final AtomicInteger mostMovingInOneJob = new AtomicInteger();

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
    }

    @Test
    void binpackFreesWholeNodesOfAFragmentedPool() {
        cp.addCluster(Clusters.sim("frag", 4, 4000, 8192));
        cp.submitJob(aJob().named("a").replicas(4).cpu(1000).spread().build());
        cp.submitJob(aJob().named("b").replicas(4).cpu(1000).spread().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("a").size() == 4 && running("b").size() == 4);
        assertThat(usedNodes()).hasSize(4);
        watch(List.of("a", "b"));

        cp.configureRebalancer(new RebalancerSettings(true, Strategy.BINPACK, Set.of(), 1000, 0.2));
        await().atMost(Duration.ofSeconds(30)).until(() -> usedNodes().size() == 2 && running("a").size() == 4
                && running("b").size() == 4 && noMoveUnderWay());
        assertThat(cp.rebalancer().moves()).isEqualTo(4);
        assertThat(fewestRunning).containsEntry("a", 4).containsEntry("b", 4);
        assertThat(mostMovingInOneJob.get()).as("replicas of one job moving at once").isLessThanOrEqualTo(1);
    }

    @Test
    void spreadEvensOutLoadWithinTheThreshold() {
        cp.addCluster(Clusters.sim("two", 2, 4000, 8192));
        cp.submitJob(aJob().named("c").replicas(4).cpu(1000).binpack().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("c").size() == 4);
        assertThat(usedNodes()).hasSize(1);
        watch(List.of("c"));

        cp.configureRebalancer(new RebalancerSettings(true, Strategy.SPREAD, Set.of("two"), 1000, 0.2));
        await().atMost(Duration.ofSeconds(30)).until(() -> running("c").stream().filter(t -> t.node().equals("two-01")).count() == 2
                && running("c").size() == 4 && noMoveUnderWay());
        assertThat(cp.rebalancer().moves()).isEqualTo(2);
        assertThat(fewestRunning).containsEntry("c", 4);
    }

    @Test
    void settingsAreCheckedAndDurable() {
        assertThatThrownBy(() -> new RebalancerSettings(true, Strategy.RANDOM, Set.of(), 0, 2))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details()).hasSize(3));
        assertThatThrownBy(() -> cp.configureRebalancer(new RebalancerSettings(true, Strategy.BINPACK, Set.of("nope"), 5, 0.1)))
                .isInstanceOf(LayerXException.NotFound.class);
        RebalancerSettings on = new RebalancerSettings(true, Strategy.SPREAD, Set.of(), 5, 0.3);
        cp.configureRebalancer(on);
        core = fixture.restart();
        cp = core.controlPlane();
        assertThat(cp.rebalancer().settings()).isEqualTo(on);
    }

    private void watch(List<String> jobs) {
        core.view().addListener(change -> {
            if (!(change instanceof Change.TaskChanged)) return;
            core.view().read(v -> {
                for (String j : jobs) {
                    List<Task> tasks = v.tasksOfJob(j).stream().map(Versioned::value).toList();
                    fewestRunning.merge(j, (int) tasks.stream().filter(t -> t.state() == TaskState.RUNNING).count(), Math::min);
                    int moving = (int) tasks.stream().filter(r -> r.replaces() != null && !r.state().terminal()
                            && tasks.stream().anyMatch(o -> o.id().equals(r.replaces()) && !o.state().terminal())).count();
                    mostMovingInOneJob.accumulateAndGet(moving, Math::max);
                }
                return null;
            });
        });
    }

    private boolean noMoveUnderWay() {
        return cp.tasks(new TaskFilter(null, null, null)).stream()
                .noneMatch(t -> !t.state().terminal() && t.desired() == DesiredState.STOP);
    }

    private Set<String> usedNodes() {
        return Set.copyOf(cp.tasks(new TaskFilter(null, null, TaskState.RUNNING)).stream().map(Task::node).toList());
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

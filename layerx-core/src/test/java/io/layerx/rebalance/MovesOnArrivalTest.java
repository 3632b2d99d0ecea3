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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rebalancer's {@code onArrival} setting: a binpack task that would open an idle node moves one running task
 * instead and takes the room it leaves, start before stop, never over-committing a node.
 */
class MovesOnArrivalTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;
    private final AtomicLong mostCpuOnANode = new AtomicLong();
    private final AtomicInteger fewestRunningOfB = new AtomicInteger(Integer.MAX_VALUE);

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        cp.addCluster(Clusters.sim("p", 3, 4000, 8192));
    }

    /** a (2 cores) and b (1) share a node, c (3) has its own: 1 core free on each, and t asks for 2. */
    private String fragment() {
        String a = runOne("a", 2000);
        assertThat(runOne("b", 1000)).isEqualTo(a);
        assertThat(runOne("c", 3000)).isNotEqualTo(a);
        watch();
        return a;
    }

    @Test
    void aTaskMovesSoThatTheArrivalFitsWithoutANewNode() {
        cp.configureRebalancer(new RebalancerSettings(false, Strategy.BINPACK, Set.of(), 30, 0.2, true));
        String a = fragment();
        String c = node("c");
        cp.submitJob(aJob().named("t").replicas(1).cpu(2000).binpack().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("t").size() == 1 && noMoveUnderWay());
        assertThat(node("t")).isEqualTo(a);
        assertThat(node("b")).as("b moved next to c").isEqualTo(c);
        assertThat(usedNodes()).hasSize(2);
        assertThat(running("b").getFirst().replaces()).as("b's task is the replacement of a move").isNotNull();
        assertThat(mostCpuOnANode.get()).as("most cpu held on one node at any time").isLessThanOrEqualTo(4000);
        assertThat(fewestRunningOfB.get()).as("b never stopped before its replacement ran").isEqualTo(1);
        assertThat(cp.rebalancer().moves()).as("the continuous rebalancer stayed off").isZero();
    }

    @Test
    void withoutTheSettingTheArrivalOpensANode() {
        String a = fragment();
        String c = node("c");
        cp.submitJob(aJob().named("t").replicas(1).cpu(2000).binpack().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("t").size() == 1);
        assertThat(node("t")).isNotIn(a, c);
        assertThat(node("b")).isEqualTo(a);
        assertThat(usedNodes()).hasSize(3);
    }

    /**
     * On one-GPU nodes: a (0.5) and b (0.3) share n1's device, c (0.5) has n2's. t asks 0.6: moving b frees too
     * little of the device (0.5), moving c finds no room, so a moves to n2 and t takes its device share on n1.
     */
    @Test
    void roomIsCountedPerGpuDevice() {
        cp.addCluster(Clusters.sim("g", 3, 8000, 16384, Map.of("gpus", "1")));
        cp.configureRebalancer(new RebalancerSettings(false, Strategy.BINPACK, Set.of("g"), 30, 0.2, true));
        String a = runOne("ga", 1000, 500, "g");
        assertThat(runOne("gb", 1000, 300, "g")).isEqualTo(a);
        String c = runOne("gc", 1000, 500, "g");
        assertThat(c).isNotEqualTo(a);
        cp.submitJob(aJob().named("gt").replicas(1).cpu(1000).gpu(600).binpack().constraint("cluster.name == g").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("gt").size() == 1 && noMoveUnderWay());
        assertThat(node("gt")).isEqualTo(a);
        assertThat(node("ga")).isEqualTo(c);
        assertThat(node("gb")).isEqualTo(a);
    }

    @Test
    void onlyServiceTasksMove() {
        cp.configureRebalancer(new RebalancerSettings(false, Strategy.BINPACK, Set.of(), 30, 0.2, true));
        String a = runOne("a", 2000);
        cp.submitJob(aJob().named("b").batch().replicas(1).cpu(1000).binpack().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("b").size() == 1);
        assertThat(node("b")).isEqualTo(a);
        runOne("c", 3000);
        cp.submitJob(aJob().named("t").replicas(1).cpu(2000).binpack().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("t").size() == 1);
        assertThat(node("t")).isNotIn(a, node("c"));
        assertThat(node("b")).isEqualTo(a);
    }

    @Test
    void onArrivalNeedsBinpackAndIsDurable() {
        assertThatThrownBy(() -> new RebalancerSettings(false, Strategy.SPREAD, Set.of(), 30, 0.2, true))
                .isInstanceOfSatisfying(LayerXException.Invalid.class,
                        e -> assertThat(e.details()).containsExactly("onArrival needs mode binpack"));
        RebalancerSettings on = new RebalancerSettings(false, Strategy.BINPACK, Set.of("p"), 30, 0.2, true);
        cp.configureRebalancer(on);
        core = fixture.restart();
        assertThat(core.controlPlane().rebalancer().settings()).isEqualTo(on);
    }

    private String runOne(String job, long cpu) {
        cp.submitJob(aJob().named(job).replicas(1).cpu(cpu).binpack().constraint("cluster.name == p").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running(job).size() == 1);
        return node(job);
    }

    private String runOne(String job, long cpu, long gpu, String cluster) {
        cp.submitJob(aJob().named(job).replicas(1).cpu(cpu).gpu(gpu).binpack().constraint("cluster.name == " + cluster).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running(job).size() == 1);
        return node(job);
    }

    /** At every change: the most cpu live tasks hold on one node, and how many of b's tasks run. */
    private void watch() {
        core.view().addListener(change -> {
            if (!(change instanceof Change.TaskChanged)) return;
            core.view().read(v -> {
                Map<String, Long> cpu = new HashMap<>();
                for (Versioned<Task> t : v.tasks()) {
                    if (t.value().node() != null && t.value().state().holdsResources()) {
                        cpu.merge(t.value().node(), t.value().resources().cpu(), Long::sum);
                    }
                }
                cpu.values().forEach(c -> mostCpuOnANode.accumulateAndGet(c, Math::max));
                int b = (int) v.tasksOfJob("b").stream().filter(t -> t.value().state() == TaskState.RUNNING).count();
                fewestRunningOfB.accumulateAndGet(b, Math::min);
                return null;
            });
        });
    }

    private boolean noMoveUnderWay() {
        return cp.tasks(new TaskFilter(null, null, null)).stream()
                .noneMatch(t -> !t.state().terminal() && (t.desired() == DesiredState.STOP || t.state() != TaskState.RUNNING));
    }

    private String node(String job) {
        List<Task> r = running(job);
        assertThat(r).hasSize(1);
        return r.getFirst().node();
    }

    private Set<String> usedNodes() {
        return Set.copyOf(cp.tasks(new TaskFilter(null, null, TaskState.RUNNING)).stream().map(Task::node).toList());
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

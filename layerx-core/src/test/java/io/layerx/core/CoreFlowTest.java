package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CoreFlowTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        cp.addCluster(Clusters.sim("sim-a", 8, 4000, 8192));
        cp.addCluster(Clusters.sim("sim-b", 8, 4000, 8192));
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }

    @Test
    void spreadServiceRunsOnDistinctNodesOfTheNamedCluster() {
        cp.submitJob(aJob().named("web").replicas(5).spread().constraint("cluster.name == sim-a")
                .constraint("node.labels.zone != z3").cpu(250).memory(128).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("web").size() == 5);
        List<Task> tasks = running("web");
        assertThat(tasks).allSatisfy(t -> assertThat(t.cluster()).isEqualTo("sim-a"));
        assertThat(tasks.stream().map(Task::node).distinct()).hasSize(5);
    }

    @Test
    void binpackServiceFillsOneNodeFirst() {
        cp.submitJob(aJob().named("packed").replicas(6).binpack().constraint("cluster.name == sim-b").cpu(1000).memory(100).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("packed").size() == 6);
        Map<String, Long> perNode = running("packed").stream().collect(Collectors.groupingBy(Task::node, Collectors.counting()));
        assertThat(perNode.values()).containsExactlyInAnyOrder(4L, 2L);
    }

    @Test
    void lostNodeTasksAreReplacedElsewhere() {
        cp.submitJob(aJob().named("svc").replicas(4).constraint("cluster.name == sim-a").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("svc").size() == 4);
        String victim = running("svc").getFirst().node();
        cp.failNode(victim);
        await().atMost(Duration.ofSeconds(10)).until(() -> running("svc").size() == 4
                && running("svc").stream().noneMatch(t -> t.node().equals(victim)));
        assertThat(cp.tasks(new TaskFilter("svc", null, TaskState.LOST))).isNotEmpty();
    }

    @Test
    void scalingAJobKeepsItsRunningTasksAndChangingItsTaskReplacesThem() {
        cp.submitJob(aJob().named("scaled").replicas(2).cpu(100).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("scaled").size() == 2);
        List<String> first = running("scaled").stream().map(Task::id).toList();
        cp.submitJob(aJob().named("scaled").replicas(4).cpu(100).priority(5).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("scaled").size() == 4);
        assertThat(running("scaled")).extracting(Task::id).containsAll(first);
        cp.submitJob(aJob().named("scaled").replicas(1).cpu(100).priority(5).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("scaled").size() == 1);
        assertThat(running("scaled")).extracting(Task::id).containsAnyElementsOf(first);

        cp.submitJob(aJob().named("scaled").replicas(1).cpu(200).priority(5).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("scaled").size() == 1
                && running("scaled").getFirst().resources().cpu() == 200);
        assertThat(running("scaled")).extracting(Task::id).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aNewVersionRollsOutWithoutEverRunningFewerTasks() {
        cp.submitJob(aJob().named("roll").replicas(4).env("V", "1").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("roll").size() == 4);
        List<String> first = running("roll").stream().map(Task::id).toList();
        CoreFixture.Sample sample = fixture.sampleRunning("roll");

        cp.submitJob(aJob().named("roll").replicas(4).env("V", "2").maxParallel(2).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("roll").size() == 4
                && running("roll").stream().allMatch(t -> t.jobVersion() == 2));
        assertThat(sample.fewest()).as("running, sampled at every change").isGreaterThanOrEqualTo(4);
        assertThat(sample.most()).as("at most maxParallel extra").isLessThanOrEqualTo(6);
        assertThat(running("roll")).extracting(Task::id).doesNotContainAnyElementsOf(first);
        assertThat(first).allSatisfy(id -> assertThat(cp.task(id).reason()).startsWith("replaced by version 2 ("));
    }

    @Test
    void aNewVersionOfASystemJobRollsNodeByNode() {
        cp.submitJob(aJob().named("sys").system().constraint("cluster.name == sim-a").env("V", "1").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("sys").size() == 8);
        CoreFixture.Sample sample = fixture.sampleRunning("sys");
        cp.submitJob(aJob().named("sys").system().constraint("cluster.name == sim-a").env("V", "2").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> running("sys").size() == 8
                && running("sys").stream().allMatch(t -> t.jobVersion() == 2));
        assertThat(sample.fewest()).as("one node at a time is without its task").isGreaterThanOrEqualTo(7);
    }

    @Test
    void batchJobCompletes() {
        cp.submitJob(aJob().named("crunch").batch().replicas(3).duration(Duration.ofMillis(50)).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.job("crunch").status().equals("complete"));
        assertThat(cp.tasks(new TaskFilter("crunch", null, TaskState.EXITED))).hasSize(3);
    }

    @Test
    void stoppedJobKillsItsTasks() {
        cp.submitJob(aJob().named("gone").replicas(3).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("gone").size() == 3);
        cp.stopJob("gone");
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.tasks(new TaskFilter("gone", null, null)).stream()
                .allMatch(t -> t.state() == TaskState.KILLED));
        assertThat(cp.job("gone").status()).isEqualTo("stopped");
    }

    @Test
    void deletedJobStopsItsTasksThenForgetsThem() {
        cp.submitJob(aJob().named("temp").replicas(2).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("temp").size() == 2);
        cp.deleteJob("temp");
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.tasks(new TaskFilter("temp", null, null)).isEmpty());
        assertThat(cp.jobs()).noneMatch(j -> j.job().name().equals("temp"));
        assertThatThrownBy(() -> cp.deleteJob("temp")).isInstanceOf(LayerXException.NotFound.class);
    }

    @Test
    void simulatedNodesTakeEveryDriver() {
        assertThat(cp.nodes("sim-a")).allSatisfy(n -> assertThat(n.node().labels())
                .containsEntry("driver.docker", "true").containsEntry("driver.exec", "true"));
    }

    @Test
    void unplaceableJobExplainsWhy() {
        cp.submitJob(aJob().named("huge").replicas(2).memory(100_000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("huge").problems().isEmpty());
        assertThat(cp.job("huge").problems()).anyMatch(p -> p.contains("insufficient memory on 16 nodes"));
        assertThat(cp.job("huge").status()).isEqualTo("pending");
        Function<String, Long> pending = j -> cp.tasks(new TaskFilter(j, null, TaskState.PENDING)).stream().count();
        assertThat(pending.apply("huge")).isEqualTo(2);
    }

    @Test
    void higherPriorityWorkPreemptsAndTheVictimsWait() {
        cp.submitJob(aJob().named("low").replicas(16).priority(10).cpu(2000).constraint("cluster.name == sim-b").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("low").size() == 16);
        cp.submitJob(aJob().named("high").replicas(2).priority(90).cpu(2000).constraint("cluster.name == sim-b").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("high").size() == 2);
        assertThat(running("low")).hasSize(14);
        assertThat(cp.tasks(new TaskFilter("low", null, TaskState.KILLED)))
                .hasSize(2).allSatisfy(t -> assertThat(t.reason()).isEqualTo("preempted by job high (priority 90)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.tasks(new TaskFilter("low", null, TaskState.PENDING)).size() == 2);
        assertThat(cp.job("low").problems()).isNotEmpty();
    }

    @Test
    void systemJobRunsOnEveryMatchingNodeAndFollowsNodesAway() {
        cp.submitJob(aJob().named("agentd").system().constraint("cluster.name == sim-a").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("agentd").size() == 8);
        assertThat(running("agentd").stream().map(Task::node).distinct()).hasSize(8);
        String victim = running("agentd").getFirst().node();
        cp.failNode(victim);
        await().atMost(Duration.ofSeconds(10)).until(() -> running("agentd").size() == 7
                && cp.tasks(new TaskFilter("agentd", null, TaskState.PENDING)).isEmpty());
        assertThat(cp.job("agentd").status()).isEqualTo("running");
    }
}

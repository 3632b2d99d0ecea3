package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.NodeState;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Draining a node moves its service tasks off, start before stop, and the node takes no new work. */
class DrainTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
    }

    @Test
    void drainingANodeWithTenServiceTasksMovesThemAllAndNoJobDropsBelowTarget() {
        cp.addCluster(Clusters.sim("old", 1, 16000, 16384));
        cp.submitJob(aJob().named("api").replicas(6).cpu(1000).build());
        cp.submitJob(aJob().named("web").replicas(4).cpu(1000).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("api").size() == 6 && running("web").size() == 4);
        cp.addCluster(Clusters.sim("new", 3, 8000, 16384));
        CoreFixture.Sample api = fixture.sampleRunning("api");
        CoreFixture.Sample web = fixture.sampleRunning("web");

        assertThat(cp.drainNode("old-01", true).node().state()).isEqualTo(NodeState.DRAINING);
        await().atMost(Duration.ofSeconds(20)).until(() -> cp.tasks(new TaskFilter(null, "old-01", TaskState.RUNNING)).isEmpty()
                && running("api").size() == 6 && running("web").size() == 4);
        assertThat(running("api")).extracting(Task::cluster).containsOnly("new");
        assertThat(running("web")).extracting(Task::cluster).containsOnly("new");
        assertThat(api.fewest()).as("api running, sampled at every change").isGreaterThanOrEqualTo(6);
        assertThat(web.fewest()).as("web running, sampled at every change").isGreaterThanOrEqualTo(4);

        cp.submitJob(aJob().named("late").replicas(1).constraint("cluster.name == old").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !cp.job("late").problems().isEmpty());
        assertThat(cp.job("late").problems()).anyMatch(p -> p.contains("draining"));
        assertThat(running("late")).isEmpty();

        cp.drainNode("old-01", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> running("late").size() == 1);
    }

    @Test
    void onlyAReadyNodeCanBeDrained() {
        cp.addCluster(Clusters.sim("c", 1, 1000, 1024));
        cp.failNode("c-01");
        assertThatThrownBy(() -> cp.drainNode("c-01", true)).isInstanceOf(LayerXException.Conflict.class)
                .hasMessage("node c-01 is lost; only a ready node can be drained");
        assertThatThrownBy(() -> cp.drainNode("nope", true)).isInstanceOf(LayerXException.NotFound.class);
    }

    @Test
    void aDrainedNodeIsRemovedOnceItRunsNothingAndStaysRemovedAfterARestart() {
        cp.addCluster(Clusters.sim("c", 2, 4000, 4096));
        cp.submitJob(aJob().named("svc").replicas(2).cpu(500).constraint("node.name == c-01").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("svc").size() == 2);
        assertThatThrownBy(() -> cp.removeNode("c-01")).isInstanceOf(LayerXException.Conflict.class)
                .hasMessage("node c-01 is ready and may take work; drain it first (layerx node drain c-01)");
        cp.drainNode("c-01", true);
        assertThatThrownBy(() -> cp.removeNode("c-01")).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageStartingWith("node c-01 still has 2 tasks (svc-");
        cp.stopJob("svc");
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.tasks(new TaskFilter("svc", null, null)).stream()
                .allMatch(t -> t.state().terminal()));
        cp.removeNode("c-01");
        assertThat(cp.nodes("c")).extracting(n -> n.node().name()).containsExactly("c-02");
        assertThatThrownBy(() -> cp.removeNode("c-01")).isInstanceOf(LayerXException.NotFound.class);

        core = fixture.restart();
        cp = core.controlPlane();
        assertThat(cp.nodes("c")).extracting(n -> n.node().name()).containsExactly("c-02");
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Live migration, start before stop, across simulated clusters: never below target, and a failed move costs nothing. */
class MigrationTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;
    private CoreFixture.Sample web;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        cp.addCluster(Clusters.sim("here", 3, 4000, 8192));
        cp.addCluster(Clusters.sim("there", 3, 4000, 8192));
        cp.submitJob(aJob().named("web").replicas(3).cpu(1000).maxPerNode(1).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("web").size() == 3);
        web = fixture.sampleRunning("web");
    }

    @Test
    void aTaskMovesToAnotherClusterStartBeforeStopAndTheJobNeverDropsBelowTarget() {
        Task original = running("web").stream().filter(t -> t.cluster().equals("here")).findFirst()
                .orElseGet(() -> running("web").getFirst());
        String toCluster = original.cluster().equals("here") ? "there" : "here";
        Task replacement = cp.migrateTask(original.id(), null, toCluster);
        assertThat(replacement.replaces()).isEqualTo(original.id());
        assertThat(replacement.cluster()).isEqualTo(toCluster);
        assertThat(replacement.slot()).isEqualTo(original.slot());

        await().atMost(Duration.ofSeconds(10)).until(() -> cp.task(original.id()).state() == TaskState.KILLED);
        assertThat(cp.task(original.id()).reason()).isEqualTo("migrated to " + replacement.node() + " (" + replacement.id() + ")");
        assertThat(cp.task(replacement.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(running("web")).hasSize(3).extracting(Task::id).contains(replacement.id()).doesNotContain(original.id());
        assertThat(web.fewest()).as("running replicas sampled at every change").isGreaterThanOrEqualTo(3);
    }

    @Test
    void whenTheReplacementFailsTheOriginalKeepsRunning() {
        cp.addCluster(Clusters.sim("slow", 1, 4000, 8192, Map.of("startDelayMs", "600000")));
        Task original = running("web").getFirst();
        Task replacement = cp.migrateTask(original.id(), "slow-01", null);
        assertThatThrownBy(() -> cp.migrateTask(original.id(), null, null)).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageContaining("already being moved");
        cp.failNode("slow-01");
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.task(replacement.id()).state().terminal());
        assertThat(cp.task(original.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(running("web")).hasSize(3).extracting(Task::id).contains(original.id());
        assertThat(web.fewest()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void movesThatCannotStartSayWhy() {
        Task original = running("web").getFirst();
        String busy = running("web").get(1).node();
        assertThatThrownBy(() -> cp.migrateTask(original.id(), busy, null)).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageContaining("per-node cap");
        assertThatThrownBy(() -> cp.migrateTask(original.id(), original.node(), null))
                .hasMessageContaining("already runs on " + original.node());
        assertThatThrownBy(() -> cp.migrateTask(original.id(), null, "nowhere")).isInstanceOf(LayerXException.NotFound.class);
        assertThatThrownBy(() -> cp.migrateTask("web-nope", null, null)).isInstanceOf(LayerXException.NotFound.class);
        cp.addCluster(Clusters.sim("tiny", 1, 1000, 1024));
        cp.submitJob(aJob().named("solo").replicas(1).cpu(1000).constraint("cluster.name == tiny").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("solo").size() == 1);
        Task solo = running("solo").getFirst();
        assertThatThrownBy(() -> cp.migrateTask(solo.id(), null, "tiny")).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageContaining("no node can take task " + solo.id() + " in cluster tiny");
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

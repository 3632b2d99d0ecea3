package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resizing a task's reservation: in place where its node has room, else by live migration to a node that has. */
class ResizeTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private LayerXCore core;
    private ControlPlane cp;
    private Task task;

    @BeforeEach
    void start() {
        core = fixture.core();
        cp = core.controlPlane();
        cp.addCluster(Clusters.sim("c", 2, 4000, 8192));
        cp.submitJob(aJob().named("x").replicas(1).cpu(1000).memory(512).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("x").size() == 1);
        task = running("x").getFirst();
    }

    @Test
    void aResizeThatFitsItsNodeIsDoneInPlace() {
        Moves.Resized r = cp.resizeTask(task.id(), 2500L, null, false);
        assertThat(r.inPlace()).isTrue();
        assertThat(r.task().id()).isEqualTo(task.id());
        assertThat(cp.task(task.id()).resources()).isEqualTo(new Resources(2500, 512, 0));
        assertThat(cp.task(task.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(cp.node(task.node()).allocated()).isEqualTo(new Resources(2500, 512, 0));
    }

    @Test
    void aResizeThatDoesNotFitMovesTheTaskToANodeWithRoom() {
        cp.submitJob(aJob().named("filler").replicas(1).cpu(2500).constraint("node.name == " + task.node()).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("filler").size() == 1);
        Moves.Resized r = cp.resizeTask(task.id(), 3000L, 1024L, false);
        assertThat(r.inPlace()).isFalse();
        assertThat(r.task().replaces()).isEqualTo(task.id());
        assertThat(r.task().node()).isNotEqualTo(task.node());
        assertThat(r.task().resources()).isEqualTo(new Resources(3000, 1024, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.task(task.id()).state() == TaskState.KILLED);
        assertThat(running("x")).singleElement().satisfies(t -> assertThat(t.resources().cpu()).isEqualTo(3000));
    }

    @Test
    void withUpdateJobTheTemplateTakesTheNewSizeAndNothingRestarts() {
        cp.submitJob(aJob().named("y").replicas(2).cpu(500).memory(256).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("y").size() == 2);
        List<Task> before = running("y");
        long version = cp.job("y").job().version();
        Moves.Resized r = cp.resizeTask(before.getFirst().id(), 700L, 300L, true);
        assertThat(r.inPlace()).isTrue();
        assertThat(cp.job("y").job().version()).isEqualTo(version + 1);
        assertThat(cp.job("y").job().task().resources()).isEqualTo(new Resources(700, 300, 0));
        assertThat(running("y")).extracting(Task::id).containsExactlyInAnyOrderElementsOf(
                before.stream().map(Task::id).toList());
        assertThat(running("y")).allSatisfy(t -> assertThat(t.jobVersion()).isEqualTo(version + 1));
        assertThat(cp.task(before.get(1).id()).resources()).isEqualTo(new Resources(500, 256, 0));

        cp.submitJob(aJob().named("y").replicas(3).cpu(700).memory(300).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> running("y").size() == 3);
        assertThat(running("y")).filteredOn(t -> before.stream().noneMatch(b -> b.id().equals(t.id())))
                .singleElement().satisfies(t -> assertThat(t.resources()).isEqualTo(new Resources(700, 300, 0)));
    }

    @Test
    void badResizesSayWhy() {
        assertThatThrownBy(() -> cp.resizeTask(task.id(), -1L, -2L, false)).isInstanceOfSatisfying(LayerXException.Invalid.class,
                e -> assertThat(e.details()).containsExactly("cpu must be >= 0, got -1", "memory must be >= 0, got -2"));
        assertThatThrownBy(() -> cp.resizeTask(task.id(), null, null, false)).isInstanceOf(LayerXException.Invalid.class);
        assertThatThrownBy(() -> cp.resizeTask(task.id(), 9000L, null, false)).isInstanceOf(LayerXException.Conflict.class)
                .hasMessageContaining("no node can take task " + task.id());
        assertThatThrownBy(() -> cp.resizeTask("x-missing", 1L, null, false)).isInstanceOf(LayerXException.NotFound.class);
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

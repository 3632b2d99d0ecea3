package io.layerx.provider.task.docker;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A container's Docker state from its job and newest task, for every task state. */
class ContainerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static Container container(Job job, TaskState state, int attempt, Integer exitCode) {
        Task t = state == null ? null : Task.pending("t1", job, 0, attempt, T0).withState(state, "", exitCode, T0.plusSeconds(5));
        return new Container("ab".repeat(32), job, true, t, T0);
    }

    @Test
    void eachTaskStateShowsAsDockerWould() {
        Job batch = aJob().named("b").batch().build();
        Job service = aJob().named("s").service().build();
        assertThat(container(batch, TaskState.PENDING, 0, null).state()).isEqualTo("created");
        assertThat(container(batch, TaskState.STARTING, 0, null).state()).isEqualTo("created");
        assertThat(container(batch, TaskState.RUNNING, 0, null).state()).isEqualTo("running");
        assertThat(container(batch, TaskState.EXITED, 0, 0).state()).isEqualTo("exited");
        assertThat(container(service, TaskState.PENDING, 1, null).state()).isEqualTo("restarting");
        assertThat(container(service, TaskState.FAILED, 0, 137).state()).isEqualTo("restarting");
        assertThat(container(service.withStopped(true), TaskState.KILLED, 0, null).state()).isEqualTo("exited");
        assertThat(container(service.withStopped(true), null, 0, null).state()).isEqualTo("exited");
        assertThat(new Container("x", batch, false, null, T0).state()).isEqualTo("created");
    }

    @Test
    void exitCodesAreTheTasksOr137WhenKilledOr255WhenLost() {
        Job batch = aJob().named("b").batch().build();
        assertThat(container(batch, TaskState.FAILED, 0, 3).exitCode()).isEqualTo(3);
        assertThat(container(batch, TaskState.KILLED, 0, null).exitCode()).isEqualTo(137);
        assertThat(container(batch, TaskState.LOST, 0, null).exitCode()).isEqualTo(255);
        assertThat(container(batch, TaskState.RUNNING, 0, null).exitCode()).isZero();
        assertThat(ContainerJson.status(container(batch, TaskState.EXITED, 0, 0), T0.plusSeconds(65)))
                .isEqualTo("Exited (0) About a minute ago");
        assertThat(ContainerJson.status(container(batch, TaskState.RUNNING, 0, null), T0.plusSeconds(7205)))
                .isEqualTo("Up 2 hours");
    }

    @Test
    void filtersByLabelNameIdAndStatusAllHold() {
        Job job = aJob().named("web-1").batch().build();
        Container c = new Container("4f2a" + "0".repeat(60), new Job(job.name(), job.type(), 1, job.strategy(),
                job.priority(), Map.of("app", "web", Containers.ID_LABEL, "x"), job.constraints(), job.task(), 0,
                false, 1, T0, job.placement()), false, null, T0);
        assertThat(ContainerFilters.parse("{\"label\":{\"app=web\":true},\"name\":[\"^web-\"]}").matches(c)).isTrue();
        assertThat(ContainerFilters.parse("{\"label\":[\"app\"],\"id\":[\"4f2\"],\"status\":[\"created\"]}").matches(c)).isTrue();
        assertThat(ContainerFilters.parse("{\"label\":[\"app=db\"]}").matches(c)).isFalse();
        assertThat(ContainerFilters.parse("{\"label\":[\"" + Containers.ID_LABEL + "\"]}").matches(c)).isFalse();
        assertThat(ContainerFilters.parse("{\"name\":[\"web\"],\"status\":[\"running\"]}").matches(c)).isFalse();
    }
}

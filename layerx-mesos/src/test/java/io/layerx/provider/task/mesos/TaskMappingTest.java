package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskMappingTest {
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    private static Task task(TaskState state, DesiredState desired, Integer exit) {
        return new Task("t", "mesos-x", 1, 0, 0, Resources.of(100, 32), desired, state, "n1", "c", Map.of(), "", exit,
                NOW, NOW, null, null, null);
    }

    /** Every (state, desired) pair of a LayerX task has its Mesos state; exit codes split EXITED. */
    @Test
    void everyLayerXStateHasItsMesosState() {
        record Row(TaskState state, DesiredState desired, Integer exit, org.apache.mesos.v1.Protos.TaskState mesos) {
        }
        List<Row> table = List.of(
                new Row(TaskState.PENDING, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_STAGING),
                new Row(TaskState.ASSIGNED, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_STAGING),
                new Row(TaskState.STARTING, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_STARTING),
                new Row(TaskState.RUNNING, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING),
                new Row(TaskState.RUNNING, DesiredState.STOP, null, org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING),
                new Row(TaskState.EXITED, DesiredState.RUN, 0, org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED),
                new Row(TaskState.EXITED, DesiredState.RUN, 3, org.apache.mesos.v1.Protos.TaskState.TASK_FAILED),
                new Row(TaskState.EXITED, DesiredState.STOP, 143, org.apache.mesos.v1.Protos.TaskState.TASK_KILLED),
                new Row(TaskState.FAILED, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_FAILED),
                new Row(TaskState.FAILED, DesiredState.STOP, null, org.apache.mesos.v1.Protos.TaskState.TASK_KILLED),
                new Row(TaskState.KILLED, DesiredState.STOP, null, org.apache.mesos.v1.Protos.TaskState.TASK_KILLED),
                new Row(TaskState.LOST, DesiredState.RUN, null, org.apache.mesos.v1.Protos.TaskState.TASK_LOST));
        assertThat(table.stream().map(Row::state).distinct()).containsExactlyInAnyOrder(TaskState.values());
        for (Row r : table) {
            assertThat(TaskMapping.state(task(r.state(), r.desired(), r.exit()))).as(r.toString()).isEqualTo(r.mesos());
            assertThat(TaskMapping.terminal(r.mesos())).as(r.toString()).isEqualTo(r.state().terminal());
        }
    }

    @Test
    void aShellCommandRunsUnderShAndADockerInfoPicksTheDockerDriver() {
        TaskInfo.Builder b = TaskInfo.newBuilder().setName("a").setTaskId(TaskID.newBuilder().setValue("a"))
                .setAgentId(AgentID.newBuilder().setValue("n1"))
                .addResources(Launches.scalar("cpus", 0.25)).addResources(Launches.scalar("mem", 64.4))
                .addResources(Launches.scalar("disk", 10))
                .setCommand(CommandInfo.newBuilder().setValue("echo $X").setEnvironment(Environment.newBuilder()
                        .addVariables(Environment.Variable.newBuilder().setName("X").setValue("1"))));
        Job exec = TaskMapping.job("fw", b.build(), "n1");
        assertThat(exec.task().driver()).isEqualTo("exec");
        assertThat(exec.task().command()).containsExactly("/bin/sh", "-c", "echo $X");
        assertThat(exec.task().env()).containsEntry("X", "1");
        assertThat(exec.task().resources()).isEqualTo(new Resources(250, 64, 10));
        assertThat(exec.task().restart().mode()).isEqualTo(RestartPolicy.Mode.NEVER);
        assertThat(exec.brain()).isEqualTo(TaskMapping.BRAIN);
        assertThat(exec.name()).isEqualTo(TaskMapping.jobName("fw", "a")).matches("mesos-[0-9a-f]{16}");
        assertThat(exec.labels()).containsEntry(TaskMapping.FRAMEWORK_LABEL, "fw").containsEntry(TaskMapping.TASK_LABEL, "a");

        Job argv = TaskMapping.job("fw", b.setCommand(CommandInfo.newBuilder().setShell(false).setValue("/bin/echo")
                .addArguments("echo").addArguments("hi")).build(), "n1");
        assertThat(argv.task().command()).containsExactly("/bin/echo", "hi");

        Job box = TaskMapping.job("fw", b.setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("local/busybox"))).build(), "n1");
        assertThat(box.task().driver()).isEqualTo("docker");
        assertThat(box.task().image()).isEqualTo("local/busybox");
    }

    @Test
    void aTaskWithoutCommandOrResourcesOrWithAnExecutorHasEveryProblemListed() {
        TaskInfo bare = TaskInfo.newBuilder().setName("b").setTaskId(TaskID.newBuilder().setValue("b"))
                .setAgentId(AgentID.newBuilder().setValue("n1"))
                .setExecutor(org.apache.mesos.v1.Protos.ExecutorInfo.newBuilder()
                        .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e"))
                        .setCommand(CommandInfo.newBuilder().setValue("x"))).build();
        assertThat(TaskMapping.problems(bare)).hasSize(3)
                .anyMatch(p -> p.contains("needs a command")).anyMatch(p -> p.contains("executor")).anyMatch(p -> p.contains("cpus and mem"));
    }
}

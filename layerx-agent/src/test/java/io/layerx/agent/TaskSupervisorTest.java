package io.layerx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Observed;
import io.layerx.store.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's reconciler with real processes (and this machine's cgroups when it has them): a set delivered twice
 * starts once, a new supervisor on the same folder (an agent restart) adopts what runs, a set without the task stops
 * it, and what cannot start fails at once with why.
 */
class TaskSupervisorTest {

    private static final Resources SMALL = new Resources(10, 16, 0);

    @TempDir
    Path dir;

    private final String scope = "sup" + Integer.toHexString(new Random().nextInt(0x10000));
    private final Cgroups cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"));
    private final List<TaskSupervisor> made = new ArrayList<>();

    private TaskSupervisor supervisor() {
        DataDir data = new DataDir(dir.resolve("agent"));
        TaskSupervisor s = new TaskSupervisor(data, List.of(new ExecDriver(data, cgroups, scope, 64, InstantSource.system())),
                InstantSource.system(), () -> { });
        made.add(s);
        return s;
    }

    private static Assignments set(long revision, Assignment... tasks) {
        return new Assignments(revision, List.of(tasks));
    }

    private static Assignment run(String task, String... command) {
        return run(task, SMALL, command);
    }

    private static Assignment run(String task, Resources size, String... command) {
        return new Assignment(task, "job", 1, DesiredState.RUN, TaskState.ASSIGNED, size, Map.of(),
                new TaskSpec("exec", List.of(command), null, Map.of(), size, List.of(), null));
    }

    private LocalRecord record(String task) {
        return DataDir.read(new DataDir(dir.resolve("agent")).taskDir(task).resolve("task.json"), LocalRecord.class)
                .orElseThrow();
    }

    /** A limit file of the task's cgroups (v1: in the controller's folder; v2: the one folder), as written. */
    private String limit(String task, String v1, String v2) throws IOException {
        for (String g : record(task).cgroups()) {
            for (String f : List.of(v1, v2)) {
                if (Files.isRegularFile(Path.of(g, f))) return Files.readString(Path.of(g, f)).strip();
            }
        }
        throw new AssertionError("no " + v1 + " or " + v2 + " in " + record(task).cgroups());
    }

    private String memoryLimit(String task) throws IOException {
        return limit(task, "memory.limit_in_bytes", "memory.max");
    }

    private String cpuLimit(String task) throws IOException {
        String v = limit(task, "cpu.cfs_quota_us", "cpu.max");
        return v.split(" ")[0];
    }

    /** The processes the task's wrapper runs (its command). */
    private static List<ProcessHandle> children(long wrapper) {
        return ProcessHandle.of(wrapper).map(p -> p.children().toList()).orElse(List.of());
    }

    @Test
    void aSetDeliveredTwiceStartsOnceAndARestartedAgentAdoptsTheTask() {
        Assignments set = set(1, run("t1", "sleep", "3600"));
        TaskSupervisor first = supervisor();
        first.reconcile(set);
        first.reconcile(set);
        long wrapper = first.pids().get("t1");
        await().atMost(Duration.ofSeconds(10)).until(() -> children(wrapper).size() == 1);
        long command = children(wrapper).getFirst().pid();

        TaskSupervisor again = supervisor();
        again.adopt();
        again.reconcile(set);
        assertThat(again.pids()).containsExactly(Map.entry("t1", wrapper));
        assertThat(children(wrapper)).extracting(ProcessHandle::pid).containsExactly(command);
        assertThat(again.observed()).containsExactly(new Observed("t1", TaskState.RUNNING, null, ""));

        again.reconcile(set(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(command).isEmpty()
                && ProcessHandle.of(wrapper).isEmpty() && again.pids().isEmpty());
    }

    @Test
    void aTaskThatCannotStartFailsAtOnceWithWhy() {
        TaskSupervisor s = supervisor();
        s.reconcile(set(1, run("nobin", "no-such-binary-lx"), run("empty")));
        assertThat(s.observed()).containsExactlyInAnyOrder(
                new Observed("nobin", TaskState.FAILED, null, "no such binary: no-such-binary-lx"),
                new Observed("empty", TaskState.FAILED, null, "the task has no command"));
    }

    @Test
    void anExitCodeIsReportedAndOutputKeptOnTheNode() throws IOException {
        TaskSupervisor s = supervisor();
        s.reconcile(set(1, run("out", "sh", "-c", "echo hello $LAYERX_TASK_ID; exit 3")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            s.observeAll();
            assertThat(s.observed()).containsExactly(new Observed("out", TaskState.EXITED, 3, "exit code 3"));
        });
        assertThat(Files.readString(new DataDir(dir.resolve("agent")).stdout("out"))).isEqualTo("hello out\n");
    }

    @Test
    void theTasksGpuDevicesAreHandedToItsProcess() throws IOException {
        TaskSupervisor s = supervisor();
        Resources two = new Resources(10, 16, 0, 2000);
        Assignment a = new Assignment("gpu", "job", 1, DesiredState.RUN, TaskState.ASSIGNED, two, Map.of(),
                new TaskSpec("exec", List.of("sh", "-c", "echo $CUDA_VISIBLE_DEVICES $NVIDIA_VISIBLE_DEVICES"), null,
                        Map.of(), two, List.of(), null), List.of(1, 3));
        s.reconcile(set(1, a, run("cpu", "sh", "-c", "echo \"[${CUDA_VISIBLE_DEVICES-unset}]\"")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            s.observeAll();
            assertThat(s.observed()).extracting(Observed::state).containsOnly(TaskState.EXITED);
        });
        DataDir data = new DataDir(dir.resolve("agent"));
        assertThat(Files.readString(data.stdout("gpu"))).isEqualTo("1,3 1,3\n");
        assertThat(Files.readString(data.stdout("cpu"))).isEqualTo("[unset]\n");
    }

    @Test
    void aNewSizeReachesTheRunningTasksCgroupsAndItsRecordWhichARestartedAgentComparesRight() throws IOException {
        Assumptions.assumeFalse(cgroups.version() == Cgroups.Version.NONE, "this machine offers no cgroups");
        TaskSupervisor s = supervisor();
        s.reconcile(set(1, run("grow", new Resources(100, 32, 0), "sleep", "3600")));
        long wrapper = s.pids().get("grow");
        assertThat(memoryLimit("grow")).isEqualTo(Long.toString(32L << 20));
        assertThat(cpuLimit("grow")).isEqualTo("10000");

        Assignments bigger = set(2, run("grow", new Resources(250, 48, 0), "sleep", "3600"));
        s.reconcile(bigger);
        assertThat(memoryLimit("grow")).isEqualTo(Long.toString(48L << 20));
        assertThat(cpuLimit("grow")).isEqualTo("25000");
        assertThat(record("grow").resources()).isEqualTo(new Resources(250, 48, 0));
        assertThat(s.pids()).containsExactly(Map.entry("grow", wrapper));

        TaskSupervisor again = supervisor();
        again.adopt();
        again.reconcile(bigger);
        assertThat(record("grow").limitedTo(new Resources(250, 48, 0))).isTrue();
        assertThat(again.pids()).containsExactly(Map.entry("grow", wrapper));
    }

    @Test
    void aRecordOfAnAgentOlderThanResizesLoadsAndTakesTheSizeOfTheNextSet() throws IOException {
        TaskSupervisor s = supervisor();
        s.reconcile(set(1, run("old", new Resources(100, 32, 0), "sleep", "3600")));
        long wrapper = s.pids().get("old");
        Path file = new DataDir(dir.resolve("agent")).taskDir("old").resolve("task.json");
        ObjectNode json = (ObjectNode) Codec.mapper().readTree(file.toFile());
        assertThat(json.remove("resources")).isNotNull();
        Files.write(file, Codec.mapper().writeValueAsBytes(json));
        assertThat(record("old").resources()).isNull();

        TaskSupervisor again = supervisor();
        again.adopt();
        assertThat(again.pids()).containsExactly(Map.entry("old", wrapper));
        again.reconcile(set(2, run("old", new Resources(200, 40, 0), "sleep", "3600")));
        assertThat(record("old").resources()).isEqualTo(new Resources(200, 40, 0));
        if (cgroups.version() != Cgroups.Version.NONE) assertThat(memoryLimit("old")).isEqualTo(Long.toString(40L << 20));
    }

    @Test
    void aMemoryLimitBelowWhatTheTaskUsesIsRefusedAndTheOldOneStaysWhileTheCpuLimitChanges() throws IOException {
        Assumptions.assumeTrue(cgroups.version() == Cgroups.Version.V1 || cgroups.version() == Cgroups.Version.V2,
                "this machine offers no cgroups");
        TaskSupervisor s = supervisor();
        Resources big = new Resources(1000, 128, 0);
        // the shell holds 40 MB (sleep is not its last command, which a shell may exec, freeing them)
        String hold = "x=$(head -c 40000000 /dev/zero | tr '\\0' a); touch ready; sleep 3600; echo ${#x}";
        s.reconcile(set(1, run("busy", big, "sh", "-c", hold)));
        Path ready = new DataDir(dir.resolve("agent")).taskDir("busy").resolve("ready");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ready));

        s.reconcile(set(2, run("busy", new Resources(200, 16, 0), "sh", "-c", hold)));
        assertThat(memoryLimit("busy")).isEqualTo(Long.toString(128L << 20));
        assertThat(cpuLimit("busy")).isEqualTo("20000");
        assertThat(record("busy").resources()).isEqualTo(new Resources(200, 128, 0));
        assertThat(s.isRunning("busy")).isTrue();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (TaskSupervisor s : made) {
            s.pids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }));
            s.close();
        }
        for (String c : List.of("memory", "cpu", "pids")) {
            Path scopeDir = Path.of("/sys/fs/cgroup", c, "layerx", scope);
            if (!Files.isDirectory(scopeDir)) continue;
            try (var groups = Files.list(scopeDir)) {
                for (Path g : groups.filter(Files::isDirectory).toList()) {
                    // also what a wrapper killed while it forked left behind
                    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                        String procs = Files.readString(g.resolve("cgroup.procs"));
                        procs.lines().filter(l -> !l.isBlank()).forEach(pid -> ProcessHandle.of(Long.parseLong(pid.strip()))
                                .ifPresent(ProcessHandle::destroyForcibly));
                        return procs.isBlank();
                    });
                    Files.deleteIfExists(g);
                }
            }
            Files.deleteIfExists(scopeDir);
        }
    }
}

package io.layerx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Observed;
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
        return new Assignment(task, "job", 1, DesiredState.RUN, TaskState.ASSIGNED, SMALL, Map.of(),
                new TaskSpec("exec", List.of(command), null, Map.of(), SMALL, List.of(), null));
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
                    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                            .until(() -> Files.readString(g.resolve("cgroup.procs")).isBlank());
                    Files.deleteIfExists(g);
                }
            }
            Files.deleteIfExists(scopeDir);
        }
    }
}

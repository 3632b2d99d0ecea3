package io.layerx.provider.resource.docker;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.NodeView;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A docker cluster of two real engines, dockerd and podman, under a real core. */
class DockerProviderIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Path scratch;
    private static EngineDaemon dockerd;
    private static EngineDaemon podman;

    private InMemoryStore store;
    private LayerXCore core;
    private ControlPlane cp;

    @BeforeAll
    static void engines() throws Exception {
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lx");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        podman = EngineDaemon.start(EngineDaemon.Kind.PODMAN, scratch);
    }

    @AfterAll
    static void stopEngines() throws Exception {
        try (EngineDaemon d = dockerd; EngineDaemon p = podman) {
            assertThat(d != null && p != null).isTrue();
        } finally {
            EngineDaemon.delete(scratch);
        }
    }

    @BeforeEach
    void start() {
        store = new InMemoryStore();
        core = LayerXCore.start(store, new CoreOptions(2, Duration.ofSeconds(30), InstantSource.system(),
                new SimpleMeterRegistry()), List.of(new DockerProvider()));
        cp = core.controlPlane();
        cp.addCluster(cluster("dk", dockerd.endpoint() + "," + podman.endpoint()));
    }

    static Cluster cluster(String name, String endpoints) {
        return new Cluster(name, "docker", Map.of("site", "lab"), Map.of("endpoints", endpoints, "network", "none",
                "probeMs", "300", "lostAfter", "2", "stopTimeoutSec", "1"), null);
    }

    @AfterEach
    void stop() throws Exception {
        core.close();
        store.close();
        for (EngineDaemon d : List.of(dockerd, podman)) {
            if (!d.ping()) d.launch();
            String ids = d.docker("ps", "-aq").strip();
            if (!ids.isEmpty()) d.docker(("rm -f " + ids.replace('\n', ' ')).split(" "));
        }
    }

    private List<Task> tasks(String job, TaskState state) {
        return cp.tasks(new TaskFilter(job, null, state));
    }

    private static String engineOf(String node) {
        return node.equals("dk-01") ? "dockerd" : "podman";
    }

    private static EngineDaemon daemon(String node) {
        return node.equals("dk-01") ? dockerd : podman;
    }

    @Test
    void eachEndpointIsAReadyNodeWithTheEnginesCapacityAndTheDockerDriver() {
        List<NodeView> nodes = cp.nodes("dk");
        assertThat(nodes).extracting(n -> n.node().name()).containsExactly("dk-01", "dk-02");
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.node().state()).isEqualTo(NodeState.READY);
            assertThat(n.node().provider()).isEqualTo("docker");
            assertThat(n.node().labels()).containsEntry("driver.docker", "true").containsEntry("site", "lab")
                    .containsKey("engine.version");
            assertThat(n.node().capacity().cpu()).isEqualTo(cpus * 1000L);
            assertThat(n.node().capacity().memory()).isGreaterThan(0);
        });
        assertThat(nodes.get(0).node().address()).isEqualTo(dockerd.endpoint());
    }

    @Test
    void anEndpointMayGiveTheNodesCapacity() {
        cp.addCluster(cluster("small", dockerd.endpoint() + "?cpu=1500&memory=2048&disk=100"));
        assertThat(cp.node("small-01").node().capacity()).isEqualTo(new Resources(1500, 2048, 100));
    }

    @Test
    void badEndpointsAreRefusedWithEveryProblem() {
        assertThatThrownBy(() -> cp.addCluster(cluster("bad", "tcp://127.0.0.1:1,http://x:2,unix://relative?cpu=x")))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details()).containsExactly(
                        "endpoint 'http://x:2' must start with unix:// or tcp://",
                        "endpoint 'unix://relative?cpu=x' needs an absolute socket path, e.g. unix:///var/run/docker.sock",
                        "endpoint 'unix://relative?cpu=x': cpu must be a whole number, got 'x'"));
        assertThatThrownBy(() -> cp.addCluster(cluster("bad", "tcp://127.0.0.1:1")))
                .isInstanceOfSatisfying(LayerXException.Invalid.class, e -> assertThat(e.details()).singleElement()
                        .asString().startsWith("endpoint tcp://127.0.0.1:1 does not answer as a Docker Engine API"));
    }

    @Test
    void aServiceRunsAsLabelledContainersThatStopAndGoAwayWithTheirJob() throws Exception {
        cp.submitJob(aJob().named("web").replicas(2).spread().cpu(100).memory(32).env("GREETING", "hi")
                .docker(EngineDaemon.IMAGE, "sleep", "300").build());
        await().atMost(WAIT).until(() -> tasks("web", TaskState.RUNNING).size() == 2);
        assertThat(tasks("web", TaskState.RUNNING)).extracting(Task::node).containsExactlyInAnyOrder("dk-01", "dk-02");
        for (Task t : tasks("web", TaskState.RUNNING)) {
            String inspect = daemon(t.node()).docker("inspect", t.id(), "--format",
                    "{{.State.Status}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{index .Config.Labels \"io.layerx.task\"}}");
            assertThat(inspect.strip()).as(engineOf(t.node())).isEqualTo("running 33554432 100000000 " + t.id());
        }
        cp.stopJob("web");
        await().atMost(WAIT).until(() -> tasks("web", TaskState.KILLED).size() == 2);
        for (Task t : tasks("web", TaskState.KILLED)) {
            await().atMost(WAIT).until(() -> daemon(t.node()).docker("inspect", t.id(), "--format", "{{.State.Running}}")
                    .strip().equals("false"));
        }
        cp.deleteJob("web");
        await().atMost(WAIT).until(() -> cp.tasks(new TaskFilter("web", null, null)).isEmpty());
        for (EngineDaemon d : List.of(dockerd, podman)) {
            await().atMost(WAIT).until(() -> d.docker("ps", "-aq", "--filter", "label=io.layerx.job=web").isBlank());
        }
    }

    /**
     * A container burning as much cpu as its 500m limit lets it and holding 200 MiB (tail keeps the last 200 MiB of a
     * pipe that never ends) shows about that on the pool's usage board, from each engine's stats, and its node's
     * entry sums it beside the reservation. (cpu may read less on a starved 2-core machine: the kernel's count.)
     */
    @Test
    void aContainerBurningCpuAndHoldingMemoryShowsItsLiveUseFromTheEnginesStats() {
        String burn = "{ head -c 209715200 /dev/zero; sleep 3600; } | tail -c 209715200 >/dev/null & while :; do :; done";
        cp.submitJob(aJob().named("burn").replicas(2).spread().cpu(500).memory(512)
                .docker(EngineDaemon.IMAGE, "sh", "-c", burn).build());
        await().atMost(WAIT).until(() -> tasks("burn", TaskState.RUNNING).size() == 2);
        for (Task t : tasks("burn", TaskState.RUNNING)) {
            var used = await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                    .until(() -> core.agents().usage().task(t.id()),
                            u -> u.isPresent() && u.get().used().cpu() >= 250 && u.get().used().memoryMib() >= 195)
                    .orElseThrow();
            assertThat(used.node()).isEqualTo(t.node());
            assertThat(used.reserved()).as(engineOf(t.node())).isEqualTo(new Resources(500, 512, 0));
            assertThat(used.used().cpu()).as(engineOf(t.node())).isBetween(250L, 600L);
            assertThat(used.used().memoryMib()).as(engineOf(t.node())).isBetween(195L, 240L);
            assertThat(used.used().pids()).as(engineOf(t.node())).isGreaterThanOrEqualTo(3);
            var node = core.agents().usage().node(t.node()).orElseThrow();
            assertThat(node.reserved()).isEqualTo(new Resources(500, 512, 0));
            assertThat(node.used().memoryMib()).isGreaterThanOrEqualTo(195);
            assertThat(node.capacity()).isEqualTo(cp.node(t.node()).node().capacity());
        }
        cp.stopJob("burn");
        await().atMost(WAIT).until(() -> core.agents().usage().tasks().isEmpty());
    }

    @Test
    void aResizeInPlaceReachesTheRunningContainerOnBothEngines() throws Exception {
        cp.submitJob(aJob().named("grow").replicas(2).spread().cpu(100).memory(32)
                .docker(EngineDaemon.IMAGE, "sleep", "300").build());
        await().atMost(WAIT).until(() -> tasks("grow", TaskState.RUNNING).size() == 2);
        Map<String, String> containers = new java.util.HashMap<>();
        for (Task t : tasks("grow", TaskState.RUNNING)) {
            containers.put(t.id(), daemon(t.node()).docker("inspect", t.id(), "--format", "{{.Id}}").strip());
            assertThat(cp.resizeTask(t.id(), 250L, 96L, false).inPlace()).as(engineOf(t.node())).isTrue();
        }
        Task onDockerd = tasks("grow", TaskState.RUNNING).stream().filter(t -> t.node().equals("dk-01")).findFirst().orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(dockerd.docker("inspect", onDockerd.id(), "--format",
                "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}").strip())
                .isEqualTo("250000000 " + (96L << 20) + " " + (192L << 20)));
        // podman 4.3 has no Docker API update: its libpod update changes the cgroups, which its inspect does not show
        Task onPodman = tasks("grow", TaskState.RUNNING).stream().filter(t -> t.node().equals("dk-02")).findFirst().orElseThrow();
        long pid = Long.parseLong(podman.docker("inspect", onPodman.id(), "--format", "{{.State.Pid}}").strip());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cgroupFile(pid, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
            assertThat(cgroupFile(pid, "cpu", "cpu.cfs_quota_us")).isEqualTo("25000");
        });
        for (Task t : tasks("grow", TaskState.RUNNING)) {
            assertThat(t.resources()).isEqualTo(new Resources(250, 96, 0));
            assertThat(daemon(t.node()).docker("inspect", t.id(), "--format", "{{.Id}} {{.State.Running}}").strip())
                    .isEqualTo(containers.get(t.id()) + " true");
        }
    }

    @Test
    void aSizeTheEngineRefusesKeepsTheOldLimitsIsLoggedOnceAndALaterSizeStillApplies() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger sync = (Logger) LoggerFactory.getLogger(ContainerSync.class);
        logs.start();
        sync.addAppender(logs);
        try {
            // the shell holds 40 MB (sleep is not its last command, which it would exec, freeing them)
            String hold = "a=$(yes | head -c 40000000); echo > /tmp/ready; sleep 300; echo ${#a}";
            cp.submitJob(aJob().named("full").cpu(500).memory(128).constraint("node.name == dk-01")
                    .docker(EngineDaemon.IMAGE, "sh", "-c", hold).build());
            await().atMost(WAIT).until(() -> tasks("full", TaskState.RUNNING).size() == 1);
            Task t = tasks("full", TaskState.RUNNING).getFirst();
            await().atMost(WAIT).ignoreExceptions().until(() -> dockerd.docker("exec", t.id(), "cat", "/tmp/ready") != null);
            String limits = "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.State.Running}}";

            // 16 MiB is below what the shell holds: the kernel refuses it (EBUSY), and the engine says so
            assertThat(cp.resizeTask(t.id(), 800L, 16L, false).inPlace()).isTrue();
            await().atMost(WAIT).until(() -> warnings(logs, t.id()).size() == 1);
            assertThat(warnings(logs, t.id()).getFirst()).contains("did not resize the container to 800m cpu, 16 MiB, "
                    + "its old limits stay");
            assertThat(dockerd.docker("inspect", t.id(), "--format", limits).strip())
                    .isEqualTo("500000000 " + (128L << 20) + " true");

            assertThat(cp.resizeTask(t.id(), 800L, 256L, false).inPlace()).isTrue();
            await().atMost(WAIT).untilAsserted(() -> assertThat(dockerd.docker("inspect", t.id(), "--format", limits)
                    .strip()).isEqualTo("800000000 " + (256L << 20) + " true"));
            assertThat(warnings(logs, t.id())).as("a refused size is logged once").hasSize(1);
        } finally {
            sync.detachAppender(logs);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logs, String task) {
        return List.copyOf(logs.list).stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("task " + task + ":")).toList();
    }

    /** A cgroup v1 file of the process's group for {@code controller}, as /proc/PID/cgroup names it. */
    private static String cgroupFile(long pid, String controller, String file) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains(controller)) {
                return Files.readString(Path.of("/sys/fs/cgroup/" + f[1] + f[2], file)).strip();
            }
        }
        throw new AssertionError("no " + controller + " cgroup (v1) for pid " + pid);
    }

    @Test
    void aContainerKilledOnItsEngineIsNoticedAndReplaced() throws Exception {
        cp.submitJob(aJob().named("svc").docker(EngineDaemon.IMAGE, "sleep", "300").build());
        await().atMost(WAIT).until(() -> tasks("svc", TaskState.RUNNING).size() == 1);
        Task first = tasks("svc", TaskState.RUNNING).getFirst();
        daemon(first.node()).docker("kill", first.id());
        await().atMost(WAIT).until(() -> tasks("svc", TaskState.RUNNING).size() == 1
                && !tasks("svc", TaskState.RUNNING).getFirst().id().equals(first.id()));
        Task failed = cp.task(first.id());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(137);
        assertThat(tasks("svc", TaskState.RUNNING).getFirst().attempt()).isEqualTo(1);
    }

    @Test
    void exitCodesOutOfMemoryAndMissingImagesBecomeTaskOutcomes() {
        cp.submitJob(aJob().named("three").batch().retries(0).docker(EngineDaemon.IMAGE, "sh", "-c", "exit 3").build());
        cp.submitJob(aJob().named("zero").batch().docker(EngineDaemon.IMAGE, "true").build());
        cp.submitJob(aJob().named("hog").batch().retries(0).memory(16).constraint("node.name == dk-01")
                .docker(EngineDaemon.IMAGE, "sh", "-c", "a=$(yes | head -c 300000000); sleep 5").build());
        cp.submitJob(aJob().named("ghost").batch().retries(0).docker("local/not-here").build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of("three", "zero", "hog", "ghost").stream()
                .flatMap(j -> cp.tasks(new TaskFilter(j, null, null)).stream())).allMatch(t -> t.state().terminal()));
        assertThat(tasks("three", null)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TaskState.FAILED);
            assertThat(t.exitCode()).isEqualTo(3);
        });
        assertThat(cp.job("zero").status()).isEqualTo("complete");
        assertThat(tasks("hog", null)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TaskState.FAILED);
            assertThat(t.reason()).contains("OOM");
        });
        assertThat(tasks("ghost", null)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TaskState.FAILED);
            assertThat(t.reason()).contains("refused the container of image local/not-here: ");
        });
    }

    @Test
    void whatForeignContainersReserveIsTakenOffTheNode() throws Exception {
        long before = cp.node("dk-01").node().capacity().memory();
        String id = dockerd.docker("run", "-d", "--network", "none", "--memory", "512m", "--cpus", "0.5",
                EngineDaemon.IMAGE, "sleep", "300").strip();
        await().atMost(WAIT).until(() -> cp.node("dk-01").node().capacity().memory() == before - 512);
        assertThat(cp.node("dk-01").node().capacity().cpu()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L - 500);
        dockerd.docker("rm", "-f", id);
        await().atMost(WAIT).until(() -> cp.node("dk-01").node().capacity().memory() == before);
    }

    @Test
    void anEngineThatStopsAnsweringMakesItsNodeLostThenReadyAndItsStaleContainerIsStopped() throws Exception {
        cp.submitJob(aJob().named("pair").replicas(2).spread().docker(EngineDaemon.IMAGE, "sleep", "300").build());
        await().atMost(WAIT).until(() -> tasks("pair", TaskState.RUNNING).size() == 2);
        Task onPodman = tasks("pair", TaskState.RUNNING).stream().filter(t -> t.node().equals("dk-02")).findFirst().orElseThrow();
        podman.stopDaemon(); // the service goes; its containers keep running under conmon
        await().atMost(WAIT).until(() -> cp.node("dk-02").node().state() == NodeState.LOST);
        await().atMost(WAIT).until(() -> cp.task(onPodman.id()).state() == TaskState.LOST
                && tasks("pair", TaskState.RUNNING).size() == 2);
        assertThat(tasks("pair", TaskState.RUNNING)).extracting(Task::node).containsOnly("dk-01");
        podman.launch();
        await().atMost(WAIT).until(() -> cp.node("dk-02").node().state() == NodeState.READY);
        await().atMost(WAIT).until(() -> podman.docker("inspect", onPodman.id(), "--format", "{{.State.Running}}")
                .strip().equals("false"));
    }
}

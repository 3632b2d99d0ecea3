package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import io.layerx.dockertest.EngineDaemon;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code layerx task resize} in place on real agents: the running process's cgroups and the running container's
 * limits (on a dockerd, and on a podman whose Docker API has no update, started here) change to the new size, and
 * the task keeps its id and its process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentResizeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String node = "rs" + Integer.toHexString(new Random().nextInt(0x10000));
    private Path dir;
    private TestServer server;
    private LoopbackApi api;
    private Cli cli;
    private EngineDaemon dockerd;
    private EngineDaemon podman;
    private Agent agent;
    private Agent onPodman;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups and dockerd need root");
        dir = Files.createTempDirectory(Path.of("/tmp"), "lxr");
        server = TestServer.start(dir.resolve("server"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), server.token());
        cli = server.cli(dir.resolve("home"));
        assertThat(cli.run("cluster", "add", "agent", "local").exit()).isZero();
        String joinToken = cli.run("token", "create", "--role", "agent").out().strip();
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, dir);
        podman = EngineDaemon.start(EngineDaemon.Kind.PODMAN, dir);
        agent = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "local", node, Map.of(), 4000, 4096,
                dir.resolve("agent"), "127.0.0.1", 0, null, dockerd.endpoint(), 0), InstantSource.system());
        onPodman = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "local", node + "p", Map.of(), 4000,
                4096, dir.resolve("agent-p"), "127.0.0.1", 0, null, podman.endpoint(), 0), InstantSource.system());
        for (String n : List.of(node, node + "p")) {
            await().atMost(WAIT).until(() -> api.json("/v1/nodes/" + n).get("state").asText().equals("ready"));
        }
    }

    private String runningTask(String name, String task) {
        return runningTask(name, node, task);
    }

    private String runningTask(String name, String on, String task) {
        String job = node + "-" + name;
        LoopbackApi.Reply r = api.post("/v1/jobs", """
                {"name": "%s", "type": "service", "replicas": 1, "constraints": ["node.name == %s"], "task": %s}"""
                .formatted(job, on, task));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode t = await().atMost(WAIT).until(() -> {
            JsonNode tasks = api.json("/v1/tasks?job=" + job);
            return tasks.isEmpty() ? null : tasks.get(0);
        }, x -> x != null && x.get("state").asText().equals("running"));
        return t.get("id").asText();
    }

    private void resizeInPlace(String id, String cpu, String memory) {
        Cli.Result r = cli.run("task", "resize", id, "--cpu", cpu, "--memory", memory);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("resized " + id + " in place");
    }

    private static String cgroupFile(String controller, String node, String task, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "layerx", node, task, file)).strip();
    }

    @Test
    void aResizedProcessGetsTheNewLimitsInItsCgroupsAndKeepsRunning() throws Exception {
        Assumptions.assumeTrue(agent.cgroups().startsWith("v1:"), "the files read here are cgroup v1's");
        String id = runningTask("proc", "{\"command\": [\"sleep\", \"3600\"], \"resources\": {\"cpu\": 100, \"memory\": 32}}");
        assertThat(cgroupFile("memory", node, id, "memory.limit_in_bytes")).isEqualTo(Long.toString(32L << 20));
        assertThat(cgroupFile("cpu", node, id, "cpu.cfs_quota_us")).isEqualTo("10000");
        long pid = agent.pids().get(id);

        resizeInPlace(id, "300", "64");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cgroupFile("memory", node, id, "memory.limit_in_bytes")).isEqualTo(Long.toString(64L << 20));
            assertThat(cgroupFile("cpu", node, id, "cpu.cfs_quota_us")).isEqualTo("30000");
        });
        assertThat(agent.pids()).containsEntry(id, pid);
        JsonNode task = api.json("/v1/tasks/" + id);
        assertThat(task.get("state").asText()).isEqualTo("running");
        assertThat(task.get("resources").get("memory").asLong()).isEqualTo(64);
    }

    @Test
    void aResizedContainerGetsTheNewLimitsFromItsEngine() throws Exception {
        String id = runningTask("box", """
                {"driver": "docker", "image": "local/busybox", "command": ["sleep", "3600"],
                 "resources": {"cpu": 100, "memory": 32}}""");
        String limits = "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.State.Running}}";
        assertThat(dockerd.docker("inspect", "layerx-" + id, "--format", limits).strip())
                .isEqualTo("100000000 " + (32L << 20) + " " + (64L << 20) + " true");
        String container = dockerd.docker("inspect", "layerx-" + id, "--format", "{{.Id}}").strip();

        resizeInPlace(id, "250", "96");
        await().atMost(WAIT).untilAsserted(() -> assertThat(dockerd.docker("inspect", "layerx-" + id, "--format", limits)
                .strip()).isEqualTo("250000000 " + (96L << 20) + " " + (192L << 20) + " true"));
        assertThat(dockerd.docker("inspect", "layerx-" + id, "--format", "{{.Id}}").strip()).isEqualTo(container);
        assertThat(api.json("/v1/tasks/" + id).get("state").asText()).isEqualTo("running");
    }

    @Test
    void aResizedContainerOnPodmanGetsTheNewLimitsInItsCgroupsThroughPodmansOwnUpdate() throws Exception {
        String id = runningTask("pbox", node + "p", """
                {"driver": "docker", "image": "local/busybox", "command": ["sleep", "3600"],
                 "resources": {"cpu": 100, "memory": 32}}""");
        long pid = Long.parseLong(podman.docker("inspect", "layerx-" + id, "--format", "{{.State.Pid}}").strip());
        assertThat(containerCgroupFile(pid, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(32L << 20));

        resizeInPlace(id, "250", "96");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(containerCgroupFile(pid, "memory", "memory.limit_in_bytes")).isEqualTo(Long.toString(96L << 20));
            assertThat(containerCgroupFile(pid, "cpu", "cpu.cfs_quota_us")).isEqualTo("25000");
        });
        assertThat(podman.docker("inspect", "layerx-" + id, "--format", "{{.State.Pid}}").strip()).isEqualTo(Long.toString(pid));
    }

    /** A cgroup v1 file of the process's group for {@code controller}, as /proc/PID/cgroup names it. */
    private static String containerCgroupFile(long pid, String controller, String file) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains(controller)) {
                return Files.readString(Path.of("/sys/fs/cgroup/" + f[1] + f[2], file)).strip();
            }
        }
        throw new AssertionError("no " + controller + " cgroup (v1) for pid " + pid);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (agent != null) agent.close();
            if (onPodman != null) onPodman.close();
            TaskProcesses.killAll(node + "-proc");
            if (server != null) server.close();
            if (dockerd != null) dockerd.close();
            if (podman != null) podman.close();
            CgroupCleanup.remove(node);
            CgroupCleanup.remove(node + "p");
        } finally {
            if (dir != null) EngineDaemon.delete(dir);
        }
    }
}

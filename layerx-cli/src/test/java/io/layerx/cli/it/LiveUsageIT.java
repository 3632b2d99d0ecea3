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
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live usage end to end: a real agent measures a real process (cgroups) and a container on a real dockerd (the
 * engine's stats), each burning as much cpu as its 500m limit lets it and holding 200 MiB; within 10 s of running
 * {@code layerx task get} shows about 500m and 200Mi, and {@code layerx top}, the API and /metrics show it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveUsageIT {

    /** Holds 200 MiB (tail keeps the last 200 MiB of a pipe that never ends) and burns cpu in a busy loop. */
    private static final String BURN = "{ head -c 209715200 /dev/zero; sleep 3600; } | tail -c 209715200 >/dev/null &"
            + " while :; do :; done";
    private static final Pattern USED = Pattern.compile("CPU used:\\s+(\\d+)m of 500m.*\\n.*Memory used:\\s+(\\d+)Mi of 512Mi");

    @TempDir
    static Path dir;

    private final String node = "use" + Integer.toHexString(new Random().nextInt(0x10000));
    private TestServer server;
    private LoopbackApi api;
    private Cli cli;
    private EngineDaemon dockerd;
    private Agent agent;
    private Path scratch;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups and dockerd need root");
        server = TestServer.start(dir.resolve("server"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), server.token());
        cli = server.cli(dir.resolve("home"));
        assertThat(api.post("/v1/clusters", "{\"name\": \"local\", \"kind\": \"agent\"}").status()).isEqualTo(201);
        String joinToken = api.post("/v1/tokens", "{\"role\": \"agent\"}").json().get("token").asText();
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxu");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        agent = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "local", node, Map.of(), 4000, 4096,
                dir.resolve("agent"), "127.0.0.1", 0, null, dockerd.endpoint(), 0), InstantSource.system());
        Assumptions.assumeFalse(agent.cgroups().equals("none"), "this kernel offers no cgroups");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.json("/v1/nodes/" + node).get("state").asText().equals("ready"));
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) agent.close();
        TaskProcesses.killAll("burn-exec-" + node);
        if (server != null) server.close();
        if (dockerd != null) dockerd.close();
        if (scratch != null) EngineDaemon.delete(scratch);
        CgroupCleanup.remove(node);
    }

    private String runningTask(String job, String task) {
        LoopbackApi.Reply r = api.post("/v1/jobs", """
                {"name": "%s", "type": "service", "replicas": 1, "constraints": ["node.name == %s"], "task": %s}"""
                .formatted(job, node, task));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode t = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode tasks = api.json("/v1/tasks?job=" + job);
            return tasks.isEmpty() ? null : tasks.get(0);
        }, x -> x != null && x.get("state").asText().equals("running"));
        return t.get("id").asText();
    }

    /**
     * {@code layerx task get} shows the task's use within 10 s of it running; once the workload has filled its
     * 200 MiB it shows about 500m of 500m and 200Mi of 512Mi, measured at most a few seconds ago. (cpu may show less
     * than 500m when the shared 2-core machine starves the busy loop: what is shown is what the kernel counted.)
     */
    private void showsBurnAndHold(String id) {
        Instant running = Instant.now();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> cli.run("task", "get", id).out(), out -> out.matches("(?s).*CPU used:\\s+\\d+m of 500m.*"));
        assertThat(Duration.between(running, Instant.now())).isLessThan(Duration.ofSeconds(11));
        String shown = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Cli.Result r = cli.run("task", "get", id);
            assertThat(r.exit()).as(r.toString()).isZero();
            return r.out();
        }, out -> {
            Matcher m = USED.matcher(out);
            return m.find() && Long.parseLong(m.group(1)) >= 250 && Long.parseLong(m.group(2)) >= 195;
        });
        Matcher m = USED.matcher(shown);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as(shown).isBetween(250L, 600L);
        assertThat(Long.parseLong(m.group(2))).as(shown).isBetween(195L, 240L);
        Instant at = Instant.parse(api.json("/v1/usage/tasks/" + id).get("at").asText());
        assertThat(Duration.between(at, Instant.now())).as("measured recently").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProcessBurningHalfACpuAndHolding200MiBShowsSoInTaskGet() {
        String id = runningTask("burn-exec-" + node, """
                {"command": ["busybox", "sh", "-c", "%s"], "resources": {"cpu": 500, "memory": 512}}""".formatted(BURN));
        showsBurnAndHold(id);

        JsonNode usage = api.json("/v1/usage/tasks/" + id);
        assertThat(usage.get("node").asText()).isEqualTo(node);
        assertThat(usage.get("reserved").get("cpu").asLong()).isEqualTo(500);
        assertThat(usage.get("used").get("pids").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(usage.get("used").get("rss").asLong() >> 20).isBetween(190L, 240L);
        Cli.Result top = cli.run("top", "tasks", "--node", node);
        assertThat(top.out()).as(top.toString()).contains(id).contains("500m").contains("512Mi");
        Cli.Result nodes = cli.run("top", "nodes");
        assertThat(nodes.out()).as(nodes.toString()).contains(node).contains("4000m");
        String metrics = api.get("/metrics").body();
        Matcher gauge = Pattern.compile("layerx_task_used_cpu_millicores\\{.*task=\"" + id + "\".*} (\\d+)").matcher(metrics);
        assertThat(gauge.find()).as(metrics).isTrue();
        assertThat(Long.parseLong(gauge.group(1))).as("as task get: what the kernel counted").isBetween(250L, 600L);
        assertThat(metrics).contains("layerx_node_reserved_cpu_millicores{node=\"" + node + "\"}");
    }

    @Test
    void aContainerOnARealDockerdBurningHalfACpuAndHolding200MiBShowsSoInTaskGet() {
        String id = runningTask("burn-box-" + node, """
                {"driver": "docker", "image": "local/busybox", "command": ["sh", "-c", "%s"],
                 "resources": {"cpu": 500, "memory": 512}}""".formatted(BURN));
        showsBurnAndHold(id);
        Cli.Result node = cli.run("node", "get", this.node);
        assertThat(node.out()).as(node.toString()).containsPattern("CPU used:\\s+\\d+m of \\d+m");
    }
}

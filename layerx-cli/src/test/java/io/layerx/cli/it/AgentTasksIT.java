package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import io.layerx.dockertest.EngineDaemon;
import java.net.URI;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server and a real agent on loopback, with a real dockerd started here: processes and containers run, go
 * over their memory and are killed, name what does not exist; an agent that restarts adopts what still runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentTasksIT {

    @TempDir
    static Path dir;

    private final String node = "it" + Integer.toHexString(new Random().nextInt(0x10000));
    private TestServer server;
    private LoopbackApi api;
    private Path scratch;
    private EngineDaemon dockerd;
    private Agent agent;
    private String joinToken;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups and dockerd need root");
        server = TestServer.start(dir.resolve("server"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), server.token());
        assertThat(api.post("/v1/clusters", "{\"name\": \"local\", \"kind\": \"agent\"}").status()).isEqualTo(201);
        LoopbackApi.Reply token = api.post("/v1/tokens", "{\"role\": \"agent\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        joinToken = token.json().get("token").asText();
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxa");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        agent = startAgent();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.json("/v1/nodes/" + node).get("state").asText().equals("ready"));
    }

    private Agent startAgent() throws Exception {
        return Agent.start(new AgentConfig(List.of(server.address()), joinToken, "local", node, Map.of(), 4000, 4096,
                dir.resolve("agent"), "127.0.0.1", 0, null, dockerd.endpoint(), 0), InstantSource.system());
    }

    private String submit(String name, String type, String task) {
        LoopbackApi.Reply r = api.post("/v1/jobs", """
                {"name": "%s-%s", "type": "%s", "replicas": 1, "retries": 0, "constraints": ["cluster.name == local"],
                 "task": %s}""".formatted(node, name, type, task));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return node + "-" + name;
    }

    /** The job's one task once it reached {@code state}. */
    private JsonNode awaitTask(String job, String state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode tasks = api.json("/v1/tasks?job=" + job);
            return tasks.isEmpty() ? null : tasks.get(0);
        }, t -> t != null && t.get("state").asText().equals(state));
    }

    @Test
    void aProcessOverItsMemoryLimitIsKilledAndReportedFailedWithReasonOom() {
        Assumptions.assumeFalse(agent.cgroups().equals("none"), "this kernel offers no memory cgroup");
        String job = submit("hog", "batch", """
                {"command": ["sh", "-c", "x=$(head -c 400000000 /dev/zero | tr '\\\\0' a); echo ${#x}"],
                 "resources": {"cpu": 100, "memory": 32}}""");
        JsonNode task = awaitTask(job, "failed");
        assertThat(task.get("reason").asText()).startsWith("OOM").contains("32 MiB");
    }

    @Test
    void aMissingBinaryFailsWithAClearReason() {
        String job = submit("nobin", "batch", "{\"command\": [\"no-such-binary-lx\", \"1\"]}");
        assertThat(awaitTask(job, "failed").get("reason").asText()).isEqualTo("no such binary: no-such-binary-lx");
    }

    @Test
    void aBusyboxContainerServesHttpOnTheEngineTheTestStarted() throws Exception {
        JsonNode labels = api.json("/v1/nodes/" + node).get("labels");
        assertThat(labels.path("driver.exec").asText()).isEqualTo("true");
        assertThat(labels.path("driver.docker").asText()).as("its engine answered at join").isEqualTo("true");
        String job = submit("box", "service", """
                {"driver": "docker", "image": "local/busybox", "ports": [{"label": "http"}],
                 "resources": {"cpu": 100, "memory": 64},
                 "command": ["sh", "-c", "echo $LAYERX_TASK_ID > /tmp/index.html; exec httpd -f -p $PORT -h /tmp"]}""");
        JsonNode task = awaitTask(job, "running");
        String id = task.get("id").asText();
        assertThat(dockerd.docker("ps", "--filter", "label=io.layerx.task=" + id, "--format", "{{.Image}} {{.Names}}"))
                .contains("local/busybox layerx-" + id);
        URI url = URI.create("http://127.0.0.1:" + task.get("ports").get("http").asInt() + "/index.html");
        LoopbackApi page = new LoopbackApi(api.http(), url, "");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> page.get("").body().strip().equals(id));
    }

    @Test
    void aContainerOverItsMemoryLimitIsReportedFailedWithReasonOom() {
        String job = submit("boxhog", "batch", """
                {"driver": "docker", "image": "local/busybox", "resources": {"cpu": 100, "memory": 16},
                 "command": ["sh", "-c", "x=$(head -c 400000000 /dev/zero | tr '\\\\0' a); echo ${#x}"]}""");
        assertThat(awaitTask(job, "failed").get("reason").asText()).startsWith("OOM");
    }

    @Test
    void aMissingImageFailsWithAClearReason() {
        String job = submit("noimage", "batch", "{\"driver\": \"docker\", \"image\": \"local/none\", \"command\": [\"true\"]}");
        assertThat(awaitTask(job, "failed").get("reason").asText())
                .isEqualTo("no such image in the engine's local store: local/none");
    }

    @Test
    void anAgentThatRestartsAdoptsItsRunningTasksAndStartsNoSecondCopy() throws Exception {
        String job = submit("adopt", "service", "{\"command\": [\"sleep\", \"3600\"], \"resources\": {\"memory\": 16}}");
        String box = submit("boxadopt", "service", """
                {"driver": "docker", "image": "local/busybox", "command": ["sleep", "3600"]}""");
        String id = awaitTask(job, "running").get("id").asText();
        String boxId = awaitTask(box, "running").get("id").asText();
        Map<String, List<Long>> before = TaskProcesses.of(job, "sleep");
        assertThat(before).containsOnlyKeys(id).allSatisfy((t, pids) -> assertThat(pids).hasSize(1));
        String container = containersOf(boxId);
        assertThat(container.lines()).hasSize(1);
        agent.close();
        agent = startAgent();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(TaskProcesses.of(job, "sleep")).isEqualTo(before);
            assertThat(containersOf(boxId)).isEqualTo(container);
            for (String j : List.of(job, box)) {
                JsonNode tasks = api.json("/v1/tasks?job=" + j);
                assertThat(tasks).hasSize(1);
                assertThat(tasks.get(0).get("state").asText()).isEqualTo("running");
            }
        });
    }

    /** The ids of the task's containers, running or not. */
    private String containersOf(String task) throws Exception {
        return dockerd.docker("ps", "-a", "--no-trunc", "--filter", "label=io.layerx.task=" + task, "--format", "{{.ID}} {{.State}}");
    }

    @Test
    void unhealthyTasksAreKilledReportedFailedAndReplacedWhileAHealthyOneRuns() {
        String http = submit("sick", "service", """
                {"command": ["sh", "-c", "exec busybox httpd -f -p $PORT"], "ports": [{"label": "http"}],
                 "health": {"type": "http", "port": "http", "path": "/missing", "interval": "200ms", "failures": 2,
                            "grace": "500ms"},
                 "restart": {"policy": "always", "backoff": "100ms"}}""");
        String cmd = submit("flaky", "service", """
                {"command": ["sh", "-c", "touch healthy; sleep 1; rm healthy; exec sleep 3600"],
                 "health": {"type": "command", "command": ["test", "-f", "healthy"], "interval": "200ms", "failures": 1}}""");
        String box = submit("boxflaky", "service", """
                {"driver": "docker", "image": "local/busybox",
                 "command": ["sh", "-c", "echo > /tmp/ok; sleep 1; rm /tmp/ok; exec sleep 3600"],
                 "health": {"type": "command", "command": ["test", "-f", "/tmp/ok"], "interval": "200ms", "failures": 1}}""");
        String tcp = submit("fine", "service", """
                {"command": ["sh", "-c", "exec busybox httpd -f -p $PORT"], "ports": [{"label": "http"}],
                 "health": {"type": "tcp", "port": "http", "interval": "200ms", "timeout": "1s", "failures": 3,
                            "grace": "5s"}}""");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            // three ended copies: the second and third replacements waited out the backoff, woken by the controller
            // (a check before httpd listens fails too, as a refused connection)
            assertThat(failedReasons(http)).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(r -> assertThat(r).startsWith("unhealthy: 2 http checks failed in a row, the last: "))
                    .anySatisfy(r -> assertThat(r).startsWith("unhealthy: 2 http checks failed in a row, the last: GET "
                            + "http://127.0.0.1:").endsWith("/missing answered 404"));
            assertThat(failedReasons(cmd)).contains("unhealthy: 1 command checks failed in a row, the last: test -f healthy exited 1");
            assertThat(failedReasons(box)).contains(
                    "unhealthy: 1 command checks failed in a row, the last: test -f /tmp/ok exited 1 in the container");
            assertThat(api.json("/v1/tasks?job=" + http + "&state=running")).as("a replacement runs").isNotEmpty();
        });
        // past its grace (the time httpd has to listen), its checks pass and it keeps running
        String healthy = awaitTask(tcp, "running").get("id").asText();
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(15)).until(() ->
                api.json("/v1/tasks/" + healthy).get("state").asText().equals("running"));
    }

    private List<String> failedReasons(String job) {
        List<String> out = new java.util.ArrayList<>();
        api.json("/v1/tasks?job=" + job + "&state=failed").forEach(t -> out.add(t.get("reason").asText()));
        return out;
    }

    @Test
    @Timeout(60)
    void anAgentWithABadJoinTokenStopsWithAClearError() {
        Cli.Result r = new Cli(Map.of(), dir.resolve("home")).run("agent", "--server", server.address().toString(),
                "--join-token", "not-a-token", "--cluster", "local", "--name", node + "-bad", "--data",
                dir.resolve("bad").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("the server refused the agent: the token is not valid (HTTP 401)");
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) agent.close();
        for (String job : List.of("adopt", "sick", "flaky", "fine", "hog", "nobin")) TaskProcesses.killAll(node + "-" + job);
        if (server != null) server.close();
        if (dockerd != null) dockerd.close();
        if (scratch != null) EngineDaemon.delete(scratch);
        CgroupCleanup.remove(node);
    }
}

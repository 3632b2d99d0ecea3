package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that reserves 1 cpu and 1 GiB but uses about 0.1 cpu and 100 MiB (a real python process, measured through
 * its cgroups by a real agent): {@code layerx job rightsize} recommends near what it uses, and {@code --apply}
 * resizes the running task in place (same task, same process, new cgroup limits) and updates the template.
 */
class RightsizeIT {

    /** Holds 100 MiB and burns a tenth of a cpu (10 ms busy in every 100 ms). */
    private static final String SIP = "import time\\nb = b'a' * (100 << 20)\\nwhile True:\\n    t = time.time()\\n"
            + "    while time.time() - t < 0.01: pass\\n    time.sleep(0.09)\\n";
    private static final Pattern ROW = Pattern.compile("%s\\s+(\\d+)\\w+\\s+(\\d+)\\w+\\s+(\\d+)\\w+\\s+(\\d+)\\w+\\s+(\\d+)\\w+");

    @TempDir
    Path dir;

    private final String node = "rs" + Integer.toHexString(new Random().nextInt(0x10000));
    private final String job = "sip-" + node;
    private TestServer server;
    private LoopbackApi api;
    private Cli cli;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        server = TestServer.start(dir.resolve("server"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), server.token());
        cli = server.cli(dir.resolve("home"));
        assertThat(api.post("/v1/clusters", "{\"name\": \"local\", \"kind\": \"agent\"}").status()).isEqualTo(201);
        String joinToken = api.post("/v1/tokens", "{\"role\": \"agent\"}").json().get("token").asText();
        agent = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "local", node, Map.of(), 4000, 4096,
                dir.resolve("agent"), "127.0.0.1", 0, null, "unix://" + dir.resolve("none.sock"), 0),
                InstantSource.system());
        Assumptions.assumeTrue(agent.cgroups().startsWith("v1"), "this test reads cgroup v1 limits");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
        TaskProcesses.killAll(job);
        if (server != null) server.close();
        CgroupCleanup.remove(node);
    }

    private static String python() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(p.waitFor() == 0 && out.startsWith("/"), "no python3 here: " + out);
        return out;
    }

    private static long[] row(String out, String name) {
        Matcher m = Pattern.compile(ROW.pattern().formatted(name)).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
    }

    @Test
    void recommendsNearWhatTheJobUsesAndApplyResizesTheRunningTaskInPlace() throws Exception {
        LoopbackApi.Reply submitted = api.post("/v1/jobs", """
                {"name": "%s", "type": "service", "replicas": 1, "constraints": ["node.name == %s"],
                 "task": {"command": ["%s", "-c", "%s"], "resources": {"cpu": 1000, "memory": 1024}}}"""
                .formatted(job, node, python(), SIP));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode task = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode tasks = api.json("/v1/tasks?job=" + job + "&state=running");
            return tasks.isEmpty() ? null : tasks.get(0);
        }, t -> t != null);
        String id = task.get("id").asText();
        Cli.Result early = cli.run("job", "rightsize", job);
        assertThat(early.exit()).as("too few samples yet: " + early).isNotZero();
        assertThat(early.err()).contains("usage samples");

        String shown = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                () -> cli.run("job", "rightsize", job), r -> r.exit() == 0 && r.out().matches("(?s).*from (1[5-9]|[2-9]\\d|\\d{3,}) samples.*"))
                .out();
        long[] cpu = row(shown, "cpu");
        long[] memory = row(shown, "memory");
        assertThat(cpu[0]).as("reserved").isEqualTo(1000);
        assertThat(memory[0]).isEqualTo(1024);
        assertThat(cpu[2]).as("cpu target near 0.1 cpu: " + shown).isBetween(40L, 300L);
        assertThat(memory[2]).as("memory target near 100 MiB: " + shown).isBetween(100L, 160L);
        assertThat(memory[2]).as("never below the peak").isGreaterThanOrEqualTo(memory[4]);
        assertThat(cpu[1]).isLessThanOrEqualTo(cpu[2]);
        assertThat(cpu[3]).isGreaterThanOrEqualTo(cpu[2]);

        long pid = agent.pids().get(id);
        Cli.Result applied = cli.run("job", "rightsize", job, "--apply");
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("resized " + id + " in place");
        long[] target = {row(applied.out(), "cpu")[2], row(applied.out(), "memory")[2]};

        Path group = Path.of("/sys/fs/cgroup");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(
                group.resolve("memory/layerx/" + node + "/" + id + "/memory.limit_in_bytes")).strip()
                .equals(Long.toString(target[1] << 20)));
        assertThat(Files.readString(group.resolve("cpu/layerx/" + node + "/" + id + "/cpu.cfs_quota_us")).strip())
                .isEqualTo(Long.toString(target[0] * 100));
        assertThat(agent.pids()).as("the same process runs on").containsEntry(id, pid);
        JsonNode after = api.json("/v1/tasks/" + id);
        assertThat(after.get("state").asText()).isEqualTo("running");
        assertThat(after.get("resources").get("memory").asLong()).isEqualTo(target[1]);
        JsonNode template = api.json("/v1/jobs/" + job).get("task").get("resources");
        assertThat(template.get("cpu").asLong()).isEqualTo(target[0]);
        assertThat(template.get("memory").asLong()).isEqualTo(target[1]);
        assertThat(api.json("/v1/tasks?job=" + job)).hasSize(1);
    }

    @Test
    void aJobLabelledRightsizeAutoIsResizedInPlaceOnceItsReservationLeftTheBand() throws Exception {
        LoopbackApi.Reply submitted = api.post("/v1/jobs", """
                {"name": "%s", "type": "service", "replicas": 1, "labels": {"rightsize": "auto"},
                 "constraints": ["node.name == %s"],
                 "task": {"command": ["%s", "-c", "%s"], "resources": {"cpu": 1000, "memory": 1024}}}"""
                .formatted(job, node, python(), SIP));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode tasks = api.json("/v1/tasks?job=" + job + "&state=running");
            return tasks.isEmpty() ? null : tasks.get(0).get("id").asText();
        }, t -> t != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.pids().containsKey(id));
        long pid = agent.pids().get(id);

        // 30 samples (a heartbeat each second) and then the next pass of the loop (every 30 s)
        JsonNode resized = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(
                () -> api.json("/v1/tasks/" + id), t -> t.get("resources").get("memory").asLong() < 1024);
        assertThat(resized.get("state").asText()).isEqualTo("running");
        long memory = resized.get("resources").get("memory").asLong();
        assertThat(memory).as("near 100 MiB, never below the peak").isBetween(100L, 160L);
        assertThat(resized.get("resources").get("cpu").asLong()).isBetween(10L, 300L);
        assertThat(agent.pids()).as("the same process runs on").containsEntry(id, pid);
        assertThat(api.json("/v1/jobs/" + job).get("task").get("resources").get("memory").asLong()).isEqualTo(memory);
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real hosts: a server and three agents, each in its own network namespace (child JVMs), a 6-replica service of
 * busybox httpd processes. Then an agent is SIGKILLed and comes back, then the server is SIGKILLed and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsIT {

    private static final int AGENTS = 3;
    private static final int PORT = 7470;
    private static final long GRACE_MS = 3000;
    /** The children's output, kept after the run. */
    private static final Path LOGS = Path.of("target", "hosts-it");

    @TempDir
    static Path dir;

    private TestHosts hosts;
    private String job;
    private ChildProcess server;
    private final ChildProcess[] agents = new ChildProcess[AGENTS + 1];
    private NetnsApi api;
    private String joinToken;
    private int restarts;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assertThat(Path.of("/bin/busybox")).as("busybox-static (.ci/run installs it)").exists();
        hosts = TestHosts.create(AGENTS);
        job = "web-" + hosts.prefix();
        startServer();
        api.post("/v1/clusters", "{\"name\": \"hosts\", \"kind\": \"agent\", \"heartbeatGraceMs\": " + GRACE_MS + "}");
        NetnsApi.Reply token = api.post("/v1/tokens", "{\"role\": \"agent\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        joinToken = token.json().get("token").asText();
        for (int i = 1; i <= AGENTS; i++) startAgent(i);
        await().atMost(Duration.ofSeconds(60)).until(() -> readyNodes() == AGENTS);
    }

    private void startServer() throws Exception {
        server = ChildProcess.start(TestHosts.in(hosts.server(), ChildProcess.javaMain("server", "--data",
                dir.resolve("server").toString(), "--listen", "0.0.0.0:" + PORT)), dir, Map.of(),
                LOGS.resolve("server-" + restarts++));
        Path tokenFile = dir.resolve("server/admin-token");
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !server.handle().isAlive())
                .until(() -> Files.exists(tokenFile) && !Files.readString(tokenFile).isBlank());
        api = new NetnsApi(hosts.server(), "http://127.0.0.1:" + PORT, Files.readString(tokenFile).strip());
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !server.handle().isAlive())
                .until(() -> api.get("/healthz").status() == 200);
    }

    private void startAgent(int i) throws Exception {
        agents[i] = ChildProcess.start(TestHosts.in(hosts.host(i), ChildProcess.javaMain("agent",
                "--server", "http://" + TestHosts.SERVER_IP + ":" + PORT, "--join-token", joinToken,
                "--cluster", "hosts", "--name", node(i), "--cpu", "2000", "--memory", "2048",
                "--data", dir.resolve("agent" + i).toString())), dir, Map.of(),
                LOGS.resolve("agent" + i + "-" + Instant.now().toEpochMilli()));
    }

    private String node(int i) {
        return hosts.prefix() + "-h" + i;
    }

    private long readyNodes() {
        JsonNode nodes = api.json("/v1/nodes?cluster=hosts");
        long n = 0;
        for (JsonNode node : nodes) if (node.get("state").asText().equals("ready")) n++;
        return n;
    }

    /** Running tasks of the job: id to node. */
    private Map<String, String> running() {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode t : api.json("/v1/tasks?job=" + job + "&state=running")) out.put(t.get("id").asText(), t.get("node").asText());
        return out;
    }

    @Test
    @Order(1)
    void sixReplicasRunAcrossThreeHostsAndEachAnswersHttpFromAnotherNamespace() {
        NetnsApi.Reply submitted = api.post("/v1/jobs", """
                {"name": "%s", "replicas": 6, "strategy": "spread", "constraints": ["cluster.name == hosts"],
                 "task": {"command": ["sh", "-c",
                          "echo serving $LAYERX_TASK_ID; echo $LAYERX_TASK_ID > index.html; exec busybox httpd -f -p $PORT"],
                          "resources": {"cpu": 100, "memory": 64}, "ports": [{"label": "http"}]}}""".formatted(job));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> running().size() == 6);
        Map<String, Integer> perNode = new HashMap<>();
        running().values().forEach(n -> perNode.merge(n, 1, Integer::sum));
        assertThat(perNode).hasSize(AGENTS).allSatisfy((n, count) -> assertThat(count).isEqualTo(2));
        for (JsonNode t : api.json("/v1/tasks?job=" + job + "&state=running")) {
            String id = t.get("id").asText();
            int host = Integer.parseInt(t.get("node").asText().substring(node(0).length() - 1));
            String url = "http://" + TestHosts.ip(host) + ":" + t.get("ports").get("http").asInt() + "/index.html";
            NetnsApi client = new NetnsApi(hosts.server(), "", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.get(url).body().strip().equals(id));
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/v1/tasks/" + id + "/logs").body()
                    .contains("serving " + id));
        }
    }

    @Test
    @Order(2)
    void aKilledAgentsTasksRunElsewhereAndNothingRunsTwiceWhenItReturns() throws Exception {
        Map<String, String> before = running();
        Set<String> onH1 = new TreeSet<>();
        before.forEach((task, node) -> {
            if (node.equals(node(1))) onH1.add(task);
        });
        assertThat(onH1).isNotEmpty();
        agents[1].handle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !agents[1].handle().isAlive());
        // within 10 s of its last heartbeat (the grace is 3 s), the lost node's tasks run on the other two
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, String> now = running();
            return now.size() == 6 && !now.containsValue(node(1));
        });
        assertThat(TaskProcesses.of(job, "busybox").keySet()).as("the old copies still run on the lost host")
                .containsAll(onH1);

        startAgent(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> readyNodes() == AGENTS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<Long>> procs = TaskProcesses.of(job, "busybox");
            assertThat(procs.keySet()).as("a live process per running task, and no other").isEqualTo(running().keySet());
            assertThat(procs.values()).allSatisfy(pids -> assertThat(pids).hasSize(1));
        });
        assertThat(running()).hasSize(6);
    }

    @Test
    @Order(3)
    void aServerKilledAndRestartedStopsAndStartsNothing() throws Exception {
        Map<String, String> tasksBefore = running();
        Map<String, List<Long>> pidsBefore = TaskProcesses.of(job, "busybox");
        assertThat(pidsBefore.keySet()).isEqualTo(tasksBefore.keySet());
        server.handle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.handle().isAlive());
        startServer();
        // for two graces after the restart every node stays ready and every task keeps its one process
        await().during(Duration.ofMillis(2 * GRACE_MS)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(readyNodes()).isEqualTo(AGENTS);
            assertThat(running()).isEqualTo(tasksBefore);
            assertThat(TaskProcesses.of(job, "busybox")).isEqualTo(pidsBefore);
        });
        assertThat(TaskProcesses.of(job, "busybox")).isEqualTo(pidsBefore);
    }

    @AfterAll
    void stop() {
        for (ChildProcess a : agents) if (a != null) a.close();
        if (server != null) server.close();
        if (job != null) TaskProcesses.killAll(job);
        if (hosts != null) {
            hosts.close();
            for (int i = 1; i <= AGENTS; i++) CgroupCleanup.remove(node(i));
        }
    }
}

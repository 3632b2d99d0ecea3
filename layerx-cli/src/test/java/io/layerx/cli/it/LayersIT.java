package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.dockertest.EngineDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Layers on real hosts: a server and two agents, each in its own network namespace (child JVMs), the agents' docker
 * driver on a real dockerd started here, and a simulated node beside them. An image set of two containers and one
 * process becomes ready on both agents; a layer-2 job that requires it lands only there; a container killed by hand
 * heals; a roll to an image that does not exist stops on the first node and a rollback restores version 1; a good roll
 * never has both nodes without the set and moves the layer-2 tasks off each node first, by live migration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayersIT {

    private static final int PORT = 7470;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "layers-it");
    private static final String SET = """
            name: sys
            selector: {role: edge}
            members:
              - name: proxy
                image: %s
                command: [sleep, "3600"]
                resources: {cpu: 100, memory: 32}
                backoff: 1s
              - name: logger
                image: local/busybox
                command: [sh, -c, "while true; do sleep 1; done"]
                resources: {cpu: 100, memory: 32}
              - name: agentd
                command: [sleep, "3600"]
                env: {V: "%s"}
                resources: {cpu: 100, memory: 16}
            """;

    @TempDir
    static Path dir;

    private TestHosts hosts;
    private EngineDaemon dockerd;
    private ChildProcess server;
    private final ChildProcess[] agents = new ChildProcess[3];
    private NetnsApi api;
    private String token;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and dockerd need root");
        hosts = TestHosts.create(2);
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, dir);
        server = ChildProcess.start(TestHosts.in(hosts.server(), ChildProcess.javaMain("server", "--data",
                dir.resolve("server").toString(), "--listen", "0.0.0.0:" + PORT)), dir, Map.of(), LOGS.resolve("server"));
        Path tokenFile = dir.resolve("server/admin-token");
        await().atMost(WAIT).failFast(() -> !server.handle().isAlive())
                .until(() -> Files.exists(tokenFile) && !Files.readString(tokenFile).isBlank());
        token = Files.readString(tokenFile).strip();
        api = new NetnsApi(hosts.server(), "http://127.0.0.1:" + PORT, token);
        await().atMost(WAIT).failFast(() -> !server.handle().isAlive()).until(() -> api.get("/healthz").status() == 200);
        assertThat(api.post("/v1/clusters", "{\"name\": \"edge\", \"kind\": \"agent\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/clusters", """
                {"name": "plain", "kind": "sim", "nodes": 1, "cpu": 16000, "memory": 16384, "startDelayMs": 10}""")
                .status()).isEqualTo(201);
        String join = api.post("/v1/tokens", "{\"role\": \"agent\"}").json().get("token").asText();
        for (int i = 1; i <= 2; i++) {
            agents[i] = ChildProcess.start(TestHosts.in(hosts.host(i), ChildProcess.javaMain("agent",
                    "--server", "http://" + TestHosts.SERVER_IP + ":" + PORT, "--join-token", join, "--cluster", "edge",
                    "--name", node(i), "--labels", "role=edge", "--cpu", "2000", "--memory", "2048",
                    "--docker-host", dockerd.endpoint(), "--data", dir.resolve("agent" + i).toString())), dir, Map.of(),
                    LOGS.resolve("agent" + i));
        }
        await().atMost(WAIT).until(() -> api.json("/v1/nodes?cluster=edge").size() == 2);
    }

    private String node(int i) {
        return hosts.prefix() + "-h" + i;
    }

    @Test
    @Order(1)
    void twoContainersAndAProcessBecomeReadyOnBothAgentsAndLayerTwoLandsOnlyThere() throws Exception {
        Cli apply = cli(List.of("imageset", "apply", "-"), SET.formatted("local/busybox", "1"));
        assertThat(apply.out()).as(apply.toString()).contains("image set sys created (target version 1)");
        await().atMost(WAIT).until(() -> phase().equals("done"));
        JsonNode set = api.json("/v1/imagesets/sys");
        assertThat(set.path("nodes")).hasSize(2);
        for (JsonNode n : set.path("nodes")) assertThat(n.path("state").asText()).isEqualTo("ready");
        for (int i = 1; i <= 2; i++) {
            String n = node(i);
            for (String m : List.of("proxy", "logger")) {
                assertThat(containers("sys-" + m + "-" + n)).as(m + " on " + n).hasSize(1);
            }
            assertThat(running("sys-agentd-" + n)).hasSize(1);
        }
        Cli get = cli(List.of("imageset", "get", "sys"), null);
        assertThat(get.out()).contains("absent > pulling > starting > [READY]").contains(node(1)).contains(node(2));

        assertThat(api.post("/v1/jobs", """
                {"name": "app", "replicas": 2, "requires": "imageset=sys>=1",
                 "task": {"command": ["sleep", "3600"], "resources": {"cpu": 100, "memory": 16}}}""").status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> running("app").size() == 2);
        assertThat(running("app")).extracting(t -> t.path("node").asText()).containsOnly(node(1), node(2));
        assertThat(api.json("/v1/jobs/app").path("requires").get(0).asText()).isEqualTo("imageset=sys>=1");
    }

    @Test
    @Order(2)
    void aContainerKilledByHandHeals() throws Exception {
        String n = node(1);
        List<String> running = containers("sys-proxy-" + n);
        assertThat(running).hasSize(1);
        String before = running.getFirst();
        Instant killed = Instant.now();
        dockerd.docker("kill", before);
        await().atMost(WAIT).until(() -> !state(n).equals("ready"));
        await().atMost(WAIT).until(() -> state(n).equals("ready"));
        assertThat(containers("sys-proxy-" + n)).hasSize(1).doesNotContain(before);
        System.out.println("LayersIT: a killed member container was ready again after "
                + Duration.between(killed, Instant.now()).toMillis() + " ms");
    }

    @Test
    @Order(3)
    void aRollToAMissingImageStopsOnTheFirstNodeAndARollbackRestoresVersionOne() throws Exception {
        cli(List.of("imageset", "apply", "-"), SET.formatted("local/nope:missing", "2"));
        await().atMost(WAIT).until(() -> phase().equals("failed"));
        JsonNode set = api.json("/v1/imagesets/sys/rollout");
        assertThat(set.path("failedNode").asText()).isEqualTo(node(1));
        assertThat(set.path("failure").asText()).contains("no such image").contains("local/nope:missing");
        Cli status = cli(List.of("imageset", "rollout", "status", "sys"), null);
        assertThat(status.out()).contains("the roll to version 2 stopped on node " + node(1))
                .contains("no such image in the engine's local store: local/nope:missing");
        assertThat(nodeVersion(node(2))).as("the second node was never touched").isEqualTo(1);
        assertThat(state(node(2))).isEqualTo("ready");
        assertThat(running("app")).hasSize(2);

        Cli back = cli(List.of("imageset", "rollback", "sys"), null);
        assertThat(back.out()).contains("rolling back to version 1");
        await().atMost(WAIT).until(() -> phase().equals("done"));
        assertThat(api.json("/v1/imagesets/sys").path("target").asLong()).isEqualTo(1);
        for (int i = 1; i <= 2; i++) assertThat(nodeVersion(node(i))).isEqualTo(1);
        await().atMost(WAIT).until(() -> containers("sys-proxy-" + node(1)).size() == 1);
        assertThat(dockerd.docker("ps", "--filter", "label=io.layerx.job=sys-proxy-" + node(1), "--format", "{{.Image}}").strip())
                .isEqualTo("local/busybox");
    }

    @Test
    @Order(4)
    void aGoodRollNeverHasBothNodesDownAndMovesLayerTwoOffEachNodeFirst() throws Exception {
        Set<String> before = ids(running("app"));
        List<Integer> down = new CopyOnWriteArrayList<>();
        List<Integer> appRunning = new CopyOnWriteArrayList<>();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                NetnsApi.Reply r = api.get("/v1/imagesets/sys");
                if (r.status() != 200) continue;
                int d = 0;
                for (JsonNode n : r.json().path("nodes")) if (!n.path("state").asText().equals("ready")) d++;
                down.add(d);
                NetnsApi.Reply tasks = api.get("/v1/tasks?job=app&state=running");
                if (tasks.status() == 200) appRunning.add(tasks.json().size());
            }
        });
        Instant applied;
        try {
            applied = Instant.now();
            cli(List.of("imageset", "apply", "-"), SET.formatted("local/busybox", "3"));
            await().atMost(WAIT).until(() -> api.json("/v1/imagesets/sys").path("target").asLong() == 3
                    && phase().equals("done"));
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        System.out.println("LayersIT: version 3 rolled over both nodes, 2 layer-2 tasks moved, in "
                + Duration.between(applied, Instant.now()).toMillis() + " ms (from the CLI's start)");
        assertThat(down).isNotEmpty().allSatisfy(d -> assertThat(d).as("nodes without the set at once").isLessThanOrEqualTo(1));
        assertThat(down).contains(1);
        assertThat(appRunning).allSatisfy(n -> assertThat(n).as("layer-2 tasks running").isGreaterThanOrEqualTo(2));
        List<JsonNode> now = running("app");
        assertThat(now).hasSize(2);
        assertThat(ids(now)).doesNotContainAnyElementsOf(before);
        for (String id : before) assertThat(api.json("/v1/tasks/" + id).path("reason").asText()).startsWith("migrated to");
        for (int i = 1; i <= 2; i++) assertThat(nodeVersion(node(i))).isEqualTo(3);
    }

    /** The ids of the running containers of a member job. */
    private List<String> containers(String job) throws Exception {
        return dockerd.docker("ps", "-q", "--filter", "label=io.layerx.job=" + job).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    @Order(5)
    void aDeletedSetStopsItsMembersOnBothNodes() throws Exception {
        assertThat(cli(List.of("imageset", "delete", "sys"), null).out()).contains("image set sys deleted");
        await().atMost(WAIT).until(() -> {
            for (int i = 1; i <= 2; i++) {
                for (String m : List.of("proxy", "logger")) if (!containers("sys-" + m + "-" + node(i)).isEmpty()) return false;
                if (!running("sys-agentd-" + node(i)).isEmpty()) return false;
            }
            return true;
        });
        assertThat(api.get("/v1/imagesets/sys").status()).isEqualTo(404);
        assertThat(api.json("/v1/nodes/" + node(1)).path("labels").has("imageset.sys")).isFalse();
    }

    private String phase() {
        return api.json("/v1/imagesets/sys").path("phase").asText();
    }

    private JsonNode nodeOf(String name) {
        for (JsonNode n : api.json("/v1/imagesets/sys").path("nodes")) if (n.path("node").asText().equals(name)) return n;
        throw new IllegalStateException("no node " + name + " in the set");
    }

    private String state(String name) {
        return nodeOf(name).path("state").asText();
    }

    private long nodeVersion(String name) {
        return nodeOf(name).path("version").asLong();
    }

    private List<JsonNode> running(String job) {
        List<JsonNode> out = new ArrayList<>();
        api.json("/v1/tasks?job=" + job + "&state=running").forEach(out::add);
        return out;
    }

    private static Set<String> ids(List<JsonNode> tasks) {
        Set<String> out = new HashSet<>();
        tasks.forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    /** One run of the layerx command in the server's namespace, to its end. */
    private record Cli(int code, String out, String err) {
    }

    private Cli cli(List<String> args, String stdin) throws Exception {
        Path logs = LOGS.resolve("cli-" + System.nanoTime());
        ChildProcess p = ChildProcess.start(TestHosts.in(hosts.server(), ChildProcess.javaMain(args.toArray(String[]::new))),
                dir, Map.of("LAYERX_ADDR", "http://127.0.0.1:" + PORT, "LAYERX_TOKEN", token, "HOME", dir.toString()), logs);
        if (stdin != null) {
            try (var in = p.stdin()) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } else {
            p.stdin().close();
        }
        int code = p.awaitExit(Duration.ofSeconds(60));
        Cli r = new Cli(code, p.stdout(), p.stderr());
        assertThat(code).as("layerx %s: %s", args, r).isZero();
        return r;
    }

    @AfterAll
    void stop() throws Exception {
        for (ChildProcess a : agents) if (a != null) a.close();
        if (server != null) server.close();
        if (hosts != null) {
            TaskProcesses.killAll("app");
            for (int i = 1; i <= 2; i++) TaskProcesses.killAll("sys-agentd-" + node(i));
            hosts.close();
            for (int i = 1; i <= 2; i++) CgroupCleanup.remove(node(i));
        }
        if (dockerd != null) dockerd.close();
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code layerx agent} processes on one host against a real server: with default names they are two nodes; a
 * third forced onto a name a live agent holds is refused with who holds it; an agent restarted at another address of
 * the server, without a join token, is the same node again; and no task ever runs twice (real processes counted).
 */
class NodeIdentityIT {

    @TempDir
    Path dir;

    private TestServer server;
    private LoopbackApi api;
    private String joinToken;
    private final List<ChildProcess> agents = new ArrayList<>();
    private final String job = "ident-" + Long.toHexString(System.nanoTime() & 0xffffff);

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), server.token());
        assertThat(api.post("/v1/clusters", "{\"name\": \"local\", \"kind\": \"agent\"}").status()).isEqualTo(201);
        LoopbackApi.Reply token = api.post("/v1/tokens", "{\"role\": \"agent\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        joinToken = token.json().get("token").asText();
    }

    @AfterEach
    void stop() {
        agents.forEach(ChildProcess::close);
        TaskProcesses.killAll(job);
        server.close();
    }

    private ChildProcess agent(String data, URI at, boolean withToken, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--server", at.toString(), "--cluster", "local",
                "--data", dir.resolve(data).toString(), "--listen", "127.0.0.1:0", "--cpu", "2000", "--memory", "2048"));
        if (withToken) args.addAll(List.of("--join-token", joinToken));
        args.addAll(List.of(more));
        ChildProcess p = ChildProcess.start(ChildProcess.javaMain(args.toArray(String[]::new)), dir,
                Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock")), dir.resolve("logs-" + data + "-" + agents.size()));
        agents.add(p);
        return p;
    }

    private static String nodeOf(ChildProcess agent) {
        return agent.awaitStdout("LayerX agent: node (\\S+) of cluster local joined", Duration.ofSeconds(60));
    }

    private List<String> readyNodes() {
        return StreamSupport.stream(api.json("/v1/nodes").spliterator(), false)
                .filter(n -> n.get("state").asText().equals("ready")).map(n -> n.get("name").asText()).toList();
    }

    /** Every task of the job runs exactly once on this host, and there are {@code n} of them. */
    private void eachTaskRunsOnce(int n) {
        Map<String, List<Long>> processes = TaskProcesses.of(job, "sleep");
        assertThat(processes).hasSize(n).allSatisfy((task, pids) -> assertThat(pids).as(task).hasSize(1));
    }

    @Test
    void twoAgentsWithDefaultNamesAreTwoNodesAndADuplicateNameIsRefused() throws Exception {
        ChildProcess a = agent("a", server.address(), true);
        ChildProcess b = agent("b", server.address(), true);
        String nodeA = nodeOf(a);
        String nodeB = nodeOf(b);
        assertThat(nodeA).isNotEqualTo(nodeB).matches("[a-z0-9-]+-[0-9a-f]{6}");
        await().atMost(Duration.ofSeconds(30)).until(() -> readyNodes().containsAll(List.of(nodeA, nodeB)));

        LoopbackApi.Reply r = api.post("/v1/jobs", """
                {"name": "%s", "type": "service", "replicas": 4, "constraints": ["cluster.name == local"],
                 "task": {"command": ["sleep", "3600"], "resources": {"cpu": 100, "memory": 16}}}"""
                .formatted(job));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.json("/v1/tasks?job=" + job + "&state=running").size() == 4);
        eachTaskRunsOnce(4);

        ChildProcess dup = agent("c", server.address(), true, "--name", nodeA);
        assertThat(dup.awaitExit(Duration.ofSeconds(60))).as(dup.toString()).isNotZero();
        assertThat(dup.stderr()).containsPattern("node " + nodeA + " is held by another agent \\(joined at \\S+, last"
                + " heartbeat \\S+\\); give --name");
        assertThat(readyNodes()).contains(nodeA, nodeB);
        eachTaskRunsOnce(4);

        // restarted at another address of the same server and without a join token: the same node, its tasks adopted
        a.terminate();
        assertThat(a.awaitExit(Duration.ofSeconds(30))).isNotNegative();
        URI moved = URI.create("http://localhost:" + server.address().getPort());
        ChildProcess again = agent("a", moved, false);
        assertThat(nodeOf(again)).isEqualTo(nodeA);
        await().atMost(Duration.ofSeconds(30)).until(() -> readyNodes().containsAll(List.of(nodeA, nodeB)));
        eachTaskRunsOnce(4);
        JsonNode tasks = api.json("/v1/tasks?job=" + job + "&state=running");
        assertThat(tasks).hasSize(4);
    }
}

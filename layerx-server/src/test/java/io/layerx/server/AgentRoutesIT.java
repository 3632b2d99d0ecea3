package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol over real HTTP: join tokens, node credentials and what each may do, heartbeats, long-polls. */
class AgentRoutesIT {

    @TempDir
    Path dir;

    private RunningServer running;

    @BeforeEach
    void start() {
        running = new RunningServer(dir);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private String joinToken() {
        Reply r = running.api.postJson("/v1/tokens", "{\"role\": \"agent\", \"name\": \"ci\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    private JsonNode join(String token, String node) {
        Reply r = running.api.withToken(token).postJson("/v1/agent/register", """
                {"name": "%s", "cluster": "edge", "capacity": {"cpu": 2000, "memory": 1024, "disk": 0},
                 "labels": {"rack": "r1"}, "address": "http://127.0.0.1:1"}""".formatted(node));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void aJoinTokenJoinsANodeAndItsCredentialActsForThatNodeOnly() {
        String token = joinToken();
        JsonNode joined = join(token, "n1");
        String credential = joined.get("credential").asText();
        assertThat(joined.get("grace").asText()).isEqualTo("PT10S");

        JsonNode node = running.api.get("/v1/nodes/n1").json();
        assertThat(node.get("state").asText()).isEqualTo("ready");
        assertThat(node.get("provider").asText()).isEqualTo("agent");
        assertThat(node.get("labels").get("rack").asText()).isEqualTo("r1");
        assertThat(running.api.get("/v1/clusters/edge").json().get("kind").asText()).isEqualTo("agent");

        ApiClient asNode = running.api.withToken(credential);
        assertThat(asNode.get("/v1/jobs").status()).isEqualTo(403);
        assertThat(asNode.postJson("/v1/jobs", "{}").status()).isEqualTo(403);
        assertThat(asNode.postJson("/v1/tokens", "{\"role\": \"agent\"}").status()).isEqualTo(403);
        assertThat(running.api.withToken(token).get("/v1/agent/assignments").status()).isEqualTo(403);
        assertThat(running.api.withToken(token).get("/v1/nodes").status()).isEqualTo(403);
        assertThat(running.api.postJson("/v1/agent/heartbeat", "{\"tasks\": []}").status()).isEqualTo(403);
        Reply other = asNode.postJson("/v1/agent/register", """
                {"name": "n2", "cluster": "edge", "capacity": {"cpu": 1, "memory": 1}}""");
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void aNodeMayNotReportForTasksOfAnotherNode() {
        String token = joinToken();
        String c1 = join(token, "n1").get("credential").asText();
        String c2 = join(token, "n2").get("credential").asText();
        running.api.postJson("/v1/jobs", """
                {"name": "web", "replicas": 1, "constraints": ["node.name == n1"],
                 "task": {"command": ["sleep", "60"], "resources": {"cpu": 100, "memory": 64}}}""");
        JsonNode set = await().atMost(Duration.ofSeconds(10)).until(
                () -> running.api.withToken(c1).get("/v1/agent/assignments?from=0").json(),
                s -> s.get("tasks").size() == 1);
        String task = set.get("tasks").get(0).get("task").asText();
        assertThat(set.get("tasks").get(0).get("spec").get("command").get(0).asText()).isEqualTo("sleep");

        String report = "{\"tasks\": [{\"task\": \"%s\", \"state\": \"running\"}]}".formatted(task);
        Reply refused = running.api.withToken(c2).postJson("/v1/agent/heartbeat", report);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(running.api.get("/v1/tasks/" + task).json().get("state").asText()).isEqualTo("assigned");

        Reply ok = running.api.withToken(c1).postJson("/v1/agent/heartbeat", report);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        // durable before the answer: the state is there as soon as the heartbeat returns
        assertThat(running.api.get("/v1/tasks/" + task).json().get("state").asText()).isEqualTo("running");
    }

    @Test
    void aLongPollAnswersWhenTheNodesDesiredSetChanges() throws Exception {
        String c1 = join(joinToken(), "n1").get("credential").asText();
        JsonNode empty = running.api.withToken(c1).get("/v1/agent/assignments?from=0").json();
        assertThat(empty.get("tasks")).isEmpty();
        long from = empty.get("revision").asLong();
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(
                () -> running.api.withToken(c1).get("/v1/agent/assignments?from=" + from + "&wait=20s"));
        running.api.postJson("/v1/jobs", """
                {"name": "web", "replicas": 2, "task": {"command": ["sleep", "60"], "ports": [{"label": "http"}]}}""");
        Reply r = poll.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> running.api.withToken(c1).get("/v1/agent/assignments?from=0").json().get("tasks").size() == 2);
        JsonNode first = running.api.withToken(c1).get("/v1/agent/assignments?from=0").json().get("tasks").get(0);
        assertThat(first.get("ports").get("http").asInt()).isBetween(20000, 29999);
        assertThat(first.get("desired").asText()).isEqualTo("run");
    }

    @Test
    void badInputIsA400ThatSaysWhat() {
        String token = joinToken();
        Reply bad = running.api.withToken(token).postJson("/v1/agent/register",
                "{\"name\": \"Bad_Name\", \"cluster\": \"edge\", \"capacity\": {\"cpu\": 0, \"memory\": 1}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details").toString()).contains("Bad_Name").contains("capacity");
        Reply role = running.api.postJson("/v1/tokens", "{\"role\": \"admin\"}");
        assertThat(role.status()).isEqualTo(400);
        Reply unknown = running.api.withToken(token).postJson("/v1/agent/register", "{\"nmae\": \"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void aNodeThatMissesItsHeartbeatsIsLostAndReadyAgainWhenItReturns() {
        running.api.postJson("/v1/clusters", "{\"name\": \"edge\", \"kind\": \"agent\", \"heartbeatGraceMs\": 1000}");
        String c1 = join(joinToken(), "n1").get("credential").asText();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> running.api.get("/v1/nodes/n1").json().get("state").asText().equals("lost"));
        assertThat(running.api.withToken(c1).postJson("/v1/agent/heartbeat", "{\"tasks\": []}").status()).isEqualTo(200);
        assertThat(running.api.get("/v1/nodes/n1").json().get("state").asText()).isEqualTo("ready");
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.etcd.EtcdCluster;
import io.layerx.store.etcd.EtcdOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two servers in this JVM on one real etcd: one leads, the other forwards; when the leader stops, it takes over. */
class ReplicatedServersIT {

    private static final String JOB = """
            {"name": "web", "type": "service", "replicas": 3,
             "task": {"command": ["sleep", "3600"], "resources": {"cpu": 100, "memory": 64}}}""";

    @TempDir
    Path dir;
    EtcdCluster etcd;

    @BeforeEach
    void startEtcd() {
        etcd = EtcdCluster.start(dir.resolve("etcd"), 1);
    }

    @AfterEach
    void stopEtcd() {
        etcd.close();
    }

    private LayerXServer start(String name) {
        StoreChoice store = new StoreChoice.Etcd(new EtcdOptions(etcd.endpoints(), "/lx"), Duration.ofSeconds(2));
        return LayerXServer.start(new ServerConfig(dir.resolve(name), "127.0.0.1", 0, store, null));
    }

    private static String role(ApiClient api) {
        return api.get("/v1/server").json().path("role").asText();
    }

    private static ApiClient awaitLeader(List<ApiClient> apis) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> apis.stream().filter(a -> role(a).equals("leader")).findFirst().orElse(null),
                a -> a != null);
    }

    @Test
    void theFollowerForwardsEveryRequestToTheLeaderAndEitherAnswersTheSame() throws Exception {
        try (LayerXServer a = start("a"); LayerXServer b = start("b")) {
            ApiClient apiA = ApiClient.admin(a);
            ApiClient apiB = ApiClient.admin(b);
            ApiClient leader = awaitLeader(List.of(apiA, apiB));
            ApiClient follower = leader == apiA ? apiB : apiA;
            await().atMost(Duration.ofSeconds(10)).until(() -> role(follower).equals("follower"));
            assertThat(follower.get("/v1/server").json().path("leader").asText())
                    .isEqualTo(leader.get("/v1/server").json().path("address").asText());

            try (EventStreamReader events = EventStreamReader.open(follower, "/v1/events", null)) {
                assertThat(follower.postJson("/v1/clusters", """
                        {"name": "sim-a", "kind": "sim", "nodes": 4, "cpu": 4000, "memory": 8192,
                         "startDelayMs": 10}""").status()).isEqualTo(201);
                // the follower answers this read from its own view, which waited for the forwarded write
                assertThat(follower.get("/v1/clusters/sim-a").status()).isEqualTo(200);
                assertThat(follower.get("/v1/nodes?cluster=sim-a").json().size()).isEqualTo(4);
                assertThat(follower.postJson("/v1/jobs", JOB).status()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(20)).until(
                        () -> events.events.stream().anyMatch(e -> e.event().equals("job")));
            }
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> follower.get("/v1/tasks?job=web&state=running").json().size() == 3);
            assertThat(follower.get("/v1/jobs").body()).isEqualTo(leader.get("/v1/jobs").body());

            ApiClient.Reply bad = follower.postJson("/v1/jobs", "{\"name\": \"x\", \"type\": \"sevice\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("details").size()).isGreaterThan(0);
            assertThat(follower.withToken("wrong").get("/v1/jobs").status()).isEqualTo(401);
            assertThat(follower.get("/v1/jobs/nothing").status()).isEqualTo(404);
        }
    }

    @Test
    void whenTheLeaderStopsTheOtherServerTakesOverWithEverythingAcknowledged() {
        LayerXServer first = start("a");
        try (LayerXServer second = start("b")) {
            ApiClient apiFirst = ApiClient.admin(first);
            ApiClient apiSecond = ApiClient.admin(second);
            await().atMost(Duration.ofSeconds(30)).until(() -> role(apiFirst).equals("leader"));
            assertThat(apiSecond.postJson("/v1/clusters", """
                    {"name": "sim-a", "kind": "sim", "nodes": 4, "cpu": 4000, "memory": 8192,
                     "startDelayMs": 10}""").status()).isEqualTo(201);
            assertThat(apiSecond.postJson("/v1/jobs", JOB).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> apiSecond.get("/v1/tasks?job=web&state=running").json().size() == 3);
            JsonNode before = apiSecond.get("/v1/tasks?job=web").json();

            first.close();

            await().atMost(Duration.ofSeconds(30)).until(() -> role(apiSecond).equals("leader"));
            JsonNode after = apiSecond.get("/v1/tasks?job=web").json();
            assertThat(after).isEqualTo(before);
            assertThat(apiSecond.postJson("/v1/jobs", JOB.replace("\"web\"", "\"api\"")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> apiSecond.get("/v1/tasks?job=api&state=running").json().size() == 3);
        } finally {
            first.close();
        }
    }

    @Test
    void anExternalBrainGoesOnWithTheNewLeader() throws Exception {
        LayerXServer first = start("a");
        try (LayerXServer second = start("b")) {
            ApiClient apiFirst = ApiClient.admin(first);
            ApiClient apiSecond = ApiClient.admin(second);
            await().atMost(Duration.ofSeconds(30)).until(() -> role(apiFirst).equals("leader"));
            assertThat(apiFirst.postJson("/v1/clusters", """
                    {"name": "pool", "kind": "sim", "nodes": 3, "cpu": 4000, "memory": 8192}""").status()).isEqualTo(201);
            try (ExampleBrain brain = ExampleBrain.start(apiFirst, first.address() + "," + second.address(),
                    dir.resolve("brain.err"), false)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> apiFirst.get("/v1/brains/first-fit").status() == 200);
                assertThat(apiFirst.postJson("/v1/jobs", brainJob("before")).status()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(20)).until(() -> runningOn(apiSecond, "before").equals(List.of("pool-01", "pool-01")));

                first.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> role(apiSecond).equals("leader"));
                assertThat(apiSecond.postJson("/v1/jobs", brainJob("after")).status()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(30)).until(() -> runningOn(apiSecond, "after").size() == 2);
                assertThat(runningOn(apiSecond, "after")).as("first fit in name order: placed by the brain, not the "
                        + "built-in spread").containsExactly("pool-01", "pool-01");
                assertThat(brain.out).anyMatch(l -> l.startsWith("registering again"));
                assertThat(apiSecond.get("/v1/brains/first-fit").status()).isEqualTo(200);
            }
        } finally {
            first.close();
        }
    }

    private static String brainJob(String name) {
        return """
                {"name": "%s", "brain": "first-fit", "replicas": 2,
                 "task": {"command": ["sleep", "3600"], "resources": {"cpu": 500, "memory": 64}}}""".formatted(name);
    }

    private static List<String> runningOn(ApiClient api, String job) {
        List<String> nodes = new java.util.ArrayList<>();
        api.get("/v1/tasks?job=" + job + "&state=running").json().forEach(t -> nodes.add(t.path("node").asText()));
        return nodes;
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: jobs are submitted from several threads while the server is SIGKILLed at a random moment. After a
 * restart on the same data folder every acknowledged job is there, and every job converges to its replicas.
 */
class CrashSafetyIT {

    private static final int JOBS = 1000;
    private static final int THREADS = 4;
    private static final int REPLICAS = 2;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedJobSurvivesASigkillAndReplicasConverge() throws Exception {
        long seed = System.nanoTime();
        int killAfter = 50 + new Random(seed).nextInt(JOBS - 150);
        Path data = dir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ChildProcess server = startServer(data, "run1"); HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create(server.awaitStdout("listening on (http://\\S+)", Duration.ofSeconds(30)));
            server.awaitHealthy(base, Duration.ofSeconds(30));
            String token = Files.readString(data.resolve("admin-token")).strip();
            Api api = new Api(http, base, token);
            assertThat(api.post("/v1/clusters", "{\"name\":\"crash\",\"kind\":\"sim\",\"nodes\":20,\"cpu\":200000,"
                    + "\"memory\":400000,\"startDelayMs\":20}").statusCode()).isEqualTo(201);
            submitUntilKilled(api, server, acknowledged, killAfter);
            assertThat(server.handle().isAlive()).isFalse();
        }
        assertThat(acknowledged).as("seed %d: acknowledged before the kill", seed).hasSizeGreaterThanOrEqualTo(killAfter);

        try (ChildProcess again = startServer(data, "run2"); HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create(again.awaitStdout("listening on (http://\\S+)", Duration.ofSeconds(30)));
            again.awaitHealthy(base, Duration.ofSeconds(30));
            Api api = new Api(http, base, Files.readString(data.resolve("admin-token")).strip());
            Set<String> present = names(api.getJson("/v1/jobs"));
            assertThat(present).as("seed %d: jobs after the restart", seed).containsAll(acknowledged);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode jobs = api.getJson("/v1/jobs");
                for (JsonNode j : jobs) {
                    assertThat(j.path("counts").path("running").asInt()).as("job %s", j.path("name").asText())
                            .isEqualTo(REPLICAS);
                }
            });
            JsonNode tasks = api.getJson("/v1/tasks?state=running");
            assertThat(tasks.size()).isEqualTo(present.size() * REPLICAS);
            again.terminate();
            again.awaitExit(Duration.ofSeconds(30));
        }
    }

    private static void submitUntilKilled(Api api, ChildProcess server, Set<String> acknowledged, int killAfter)
            throws InterruptedException {
        AtomicBoolean killed = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = thread; i < JOBS && !killed.get(); i += THREADS) {
                        String name = "crash-" + i;
                        try {
                            if (api.post("/v1/jobs", job(name)).statusCode() == 201) acknowledged.add(name);
                        } catch (Exception e) {
                            return;
                        }
                        if (acknowledged.size() >= killAfter && killed.compareAndSet(false, true)) {
                            server.handle().destroyForcibly();
                        }
                    }
                });
            }
        }
        if (killed.compareAndSet(false, true)) server.handle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.handle().isAlive());
    }

    private static String job(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"service\",\"replicas\":" + REPLICAS
                + ",\"task\":{\"command\":[\"sleep\",\"3600\"],\"resources\":{\"cpu\":10,\"memory\":16}}}";
    }

    private static Set<String> names(JsonNode jobs) {
        Set<String> out = new HashSet<>();
        StreamSupport.stream(jobs.spliterator(), false).forEach(j -> out.add(j.path("name").asText()));
        return out;
    }

    private ChildProcess startServer(Path data, String name) throws Exception {
        return ChildProcess.start(ChildProcess.javaMain("server", "--data", data.toString(), "--listen",
                "127.0.0.1:0"), dir, Map.of(), dir.resolve(name));
    }

    private record Api(HttpClient http, URI base, String token) {
        HttpResponse<String> post(String path, String json) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode getJson(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Codec.mapper().readTree(r.body());
        }
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobsIT {
    static final List<String> THREE_PROBLEMS = List.of(
            "name is required",
            "type 'sevice' is not one of service, batch, system",
            "task.resources.cpu must be >= 0, got -5");

    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @BeforeAll
    static void addCluster() {
        assertThat(running.addCluster("sim-jobs", 3).status()).isEqualTo(201);
    }

    static List<String> details(Reply r) {
        List<String> out = new ArrayList<>();
        r.json().get("details").forEach(d -> out.add(d.asText()));
        return out;
    }

    @Test
    void yamlJobFileWithThreeErrorsIs400WithAllThree() {
        Reply r = running.api.post("/v1/jobs", "application/yaml", """
                type: sevice
                task:
                  command: [sleep, "3600"]
                  resources: {cpu: -5, memory: 128}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("job file has 3 problems");
        assertThat(details(r)).containsExactlyElementsOf(THREE_PROBLEMS);
    }

    @Test
    void jsonJobFileWithThreeErrorsIs400WithAllThree() {
        Reply r = running.api.postJson("/v1/jobs", """
                {"type": "sevice", "task": {"command": ["sleep", "3600"], "resources": {"cpu": -5}}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(details(r)).containsExactlyElementsOf(THREE_PROBLEMS);
    }

    @Test
    void malformedFilesAre400WithWhereTheProblemIs() {
        Reply yaml = running.api.post("/v1/jobs", "text/yaml", "name: web\ntask:\n  command: [sleep\n");
        assertThat(yaml.status()).isEqualTo(400);
        assertThat(details(yaml)).singleElement().asString().startsWith("job file is not valid YAML at line ");
        Reply json = running.api.postJson("/v1/jobs", "{\"name\": ");
        assertThat(json.status()).isEqualTo(400);
        assertThat(details(json)).singleElement().asString().startsWith("job file is not valid JSON at line 1");
    }

    @Test
    void postThenGetTheJob() {
        Reply created = running.api.post("/v1/jobs", "application/yaml", """
                name: web
                replicas: 2
                labels: {app: web}
                constraints: ["cluster.name == sim-jobs"]
                task:
                  command: ["sleep", "3600"]
                  resources: {cpu: 250, memory: 128}
                  ports: [{label: http}]
                  duration: 5m
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = created.json();
        assertThat(job.get("name").asText()).isEqualTo("web");
        assertThat(job.get("version").asLong()).isEqualTo(1);
        assertThat(job.get("type").asText()).isEqualTo("service");
        assertThat(job.get("strategy").asText()).isEqualTo("spread");
        assertThat(job.get("retries").asInt()).isEqualTo(3);
        assertThat(job.get("constraints").get(0).asText()).isEqualTo("cluster.name == sim-jobs");
        assertThat(job.get("task").get("duration").asText()).isEqualTo("PT5M");
        assertThat(job.get("task").get("ports").get(0).get("label").asText()).isEqualTo("http");
        assertThat(job.has("status") && job.has("counts") && job.has("problems")).isTrue();

        Reply got = running.api.get("/v1/jobs/web");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("name").asText()).isEqualTo("web");
        assertThat(got.json().get("task").get("resources").get("cpu").asLong()).isEqualTo(250);
        assertThat(running.api.get("/v1/jobs").json())
                .anySatisfy(j -> assertThat(j.get("name").asText()).isEqualTo("web"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(running.api.get("/v1/jobs/web").json().get("counts").path("running").asInt()).isEqualTo(2));
        Reply tasks = running.api.get("/v1/tasks?job=web&state=running");
        assertThat(tasks.json()).hasSize(2);
        JsonNode task = tasks.json().get(0);
        assertThat(task.get("cluster").asText()).isEqualTo("sim-jobs");
        assertThat(task.get("ports").get("http").asInt()).isPositive();
        Reply one = running.api.get("/v1/tasks/" + task.get("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("job").asText()).isEqualTo("web");
    }

    @Test
    void resubmittingIs200AndOnlyAChangeMakesANewVersion() {
        String file = "name: api\ntask: {command: [x]}\nreplicas: %d\n";
        assertThat(running.api.post("/v1/jobs", "application/x-yaml", file.formatted(0)).status()).isEqualTo(201);
        Reply same = running.api.post("/v1/jobs", "application/x-yaml", file.formatted(0));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("version").asLong()).isEqualTo(1);
        Reply changed = running.api.post("/v1/jobs", "application/x-yaml", file.formatted(1));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("version").asLong()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/yaml", "application/x-www-form-urlencoded", "text/plain"})
    void anyNonJsonBodyIsReadAsYaml(String contentType) {
        String name = "y" + Math.abs(contentType.hashCode());
        Reply r = running.api.post("/v1/jobs", contentType, "name: " + name + "\nreplicas: 0\ntask: {command: [x]}\n");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void deleteStopsTheJobAndKeepsIt() {
        running.api.post("/v1/jobs", "application/yaml", "name: gone\nreplicas: 1\ntask: {command: [x]}\n");
        Reply stopped = running.api.delete("/v1/jobs/gone");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("stopped").asBoolean()).isTrue();
        assertThat(running.api.get("/v1/jobs/gone").json().get("stopped").asBoolean()).isTrue();
    }

    @Test
    void missingThingsAre404WithTheErrorShape() {
        ApiClient api = running.api;
        for (Reply r : List.of(api.get("/v1/jobs/nope"), api.delete("/v1/jobs/nope"), api.get("/v1/tasks/nope"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("error").asText()).contains("nope");
        }
    }

    @Test
    void badTaskQueryIs400() {
        Reply r = running.api.get("/v1/tasks?state=sleeping");
        assertThat(r.status()).isEqualTo(400);
        assertThat(details(r)).singleElement().asString().startsWith("state 'sleeping' is not one of pending");
    }
}

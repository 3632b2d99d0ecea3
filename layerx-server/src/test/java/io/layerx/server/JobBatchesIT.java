package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /v1/jobs/batch}: several jobs in one commit, all or none; and a job file of several on {@code POST /v1/jobs}. */
class JobBatchesIT {

    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @BeforeAll
    static void addCluster() {
        assertThat(running.addCluster("sim-batch", 3).status()).isEqualTo(201);
    }

    private static List<String> outcomes(Reply r) {
        List<String> out = new ArrayList<>();
        r.json().get("jobs").forEach(j -> out.add(j.get("name").asText() + " " + j.get("outcome").asText()
                + " v" + j.get("version").asLong()));
        return out;
    }

    private static List<String> details(Reply r) {
        List<String> out = new ArrayList<>();
        r.json().get("details").forEach(d -> out.add(d.asText()));
        return out;
    }

    @Test
    void yamlDocumentsAreCreatedTogetherAndResubmittedAsUnchangedOrUpdated() {
        String batch = """
                name: b-web
                task: {command: [sleep, "3600"], resources: {cpu: 100, memory: 64}}
                ---
                name: b-api
                replicas: 2
                task: {command: [sleep, "3600"], resources: {cpu: 100, memory: 64}}
                ---
                name: b-cron
                type: batch
                replicas: %d
                task: {command: ["true"]}
                """;
        Reply created = running.api.post("/v1/jobs/batch", "application/yaml", batch.formatted(0));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(outcomes(created)).containsExactly("b-web created v1", "b-api created v1", "b-cron created v1");
        assertThat(created.json().get("created").asInt()).isEqualTo(3);
        // the new jobs' pending tasks came in the same commit
        assertThat(running.api.get("/v1/tasks?job=b-api").json()).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(running.api.get("/v1/tasks?job=b-api&state=running").json()).hasSize(2));

        Reply again = running.api.post("/v1/jobs/batch", "application/yaml", batch.formatted(1));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(outcomes(again)).containsExactly("b-web unchanged v1", "b-api unchanged v1", "b-cron updated v2");
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.json().get("updated").asInt()).isEqualTo(1);
    }

    @Test
    void documentsThatAreListsAddTheirJobs() {
        Reply r = running.api.post("/v1/jobs/batch", "application/yaml", """
                - {name: d-one, replicas: 0, task: {command: [x]}}
                - {name: d-two, replicas: 0, task: {command: [x]}}
                ---
                {"name": "d-three", "replicas": 0, "task": {"command": ["x"]}}
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(outcomes(r)).containsExactly("d-one created v1", "d-two created v1", "d-three created v1");
    }

    @Test
    void aJsonListIsABatchToo() {
        Reply r = running.api.postJson("/v1/jobs/batch", """
                [{"name": "j-one", "replicas": 0, "task": {"command": ["x"]}},
                 {"name": "j-two", "replicas": 0, "task": {"command": ["x"]}}]""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(outcomes(r)).containsExactly("j-one created v1", "j-two created v1");
        assertThat(running.api.get("/v1/jobs/j-two").status()).isEqualTo(200);
    }

    @Test
    void aBadJobRefusesTheWholeBatchWithEveryProblemListed() {
        Reply r = running.api.post("/v1/jobs/batch", "application/yaml", """
                name: x-good
                task: {command: [x]}
                ---
                name: x-bad
                type: sevice
                task: {command: [x], resources: {cpu: -5}}
                ---
                task: {command: [x]}
                ---
                name: x-good
                task: {command: [y]}
                ---
                just text
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("batch has 4 problems");
        assertThat(details(r)).containsExactly(
                "jobs[1] (x-bad): type 'sevice' is not one of service, batch, system",
                "jobs[1] (x-bad): task.resources.cpu must be >= 0, got -5",
                "jobs[2]: name is required",
                "jobs[4] must be a mapping of fields (name: ..., task: ...), got 'just text'");
        assertThat(running.api.get("/v1/jobs/x-good").status()).isEqualTo(404);

        Reply twice = running.api.post("/v1/jobs/batch", "application/yaml", """
                name: t-same
                task: {command: [x]}
                ---
                name: t-same
                task: {command: [y]}
                """);
        assertThat(twice.status()).as(twice.body()).isEqualTo(400);
        assertThat(details(twice)).containsExactly(
                "jobs[1] (t-same): the name is also jobs[0]'s; a batch names each job once");
        assertThat(running.api.get("/v1/jobs/t-same").status()).isEqualTo(404);
    }

    @Test
    void emptyOversizedAndMalformedBatchesAre400() {
        Reply empty = running.api.post("/v1/jobs/batch", "application/yaml", "---\n---\n");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(details(empty)).containsExactly("the batch holds no job");

        String many = IntStream.range(0, 1001).mapToObj(i -> "{\"name\":\"m-" + i + "\",\"task\":{\"command\":[\"x\"]}}")
                .collect(Collectors.joining(",", "[", "]"));
        Reply big = running.api.postJson("/v1/jobs/batch", many);
        assertThat(big.status()).as(big.body()).isEqualTo(400);
        assertThat(details(big)).containsExactly("a batch holds at most 1000 jobs, got 1001: send it in parts");
        assertThat(running.api.get("/v1/jobs/m-0").status()).isEqualTo(404);

        Reply broken = running.api.post("/v1/jobs/batch", "application/yaml", "name: ok\ntask: {command: [x]}\n---\nname: [\n");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(details(broken)).singleElement().asString().startsWith("batch is not valid YAML at line ");
    }

    @Test
    void aJobFileOfSeveralJobsOnTheOneJobRouteIsRefusedNotCutToItsFirst() {
        Reply r = running.api.post("/v1/jobs", "application/yaml", """
                name: s-first
                task: {command: [x]}
                ---
                name: s-second
                task: {command: [x]}
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(details(r)).containsExactly("job file holds 2 jobs (YAML documents); POST /v1/jobs takes one:"
                + " send several to POST /v1/jobs/batch (layerx job run does)");
        assertThat(running.api.get("/v1/jobs/s-first").status()).isEqualTo(404);

        Reply list = running.api.postJson("/v1/jobs", "[{\"name\": \"s-list\", \"task\": {\"command\": [\"x\"]}}]");
        assertThat(list.status()).isEqualTo(400);
        assertThat(details(list)).singleElement().asString().endsWith("got a list; send a list of jobs to POST /v1/jobs/batch");
        JsonNode none = running.api.get("/v1/jobs/s-list").json();
        assertThat(none.get("error").asText()).contains("s-list");
    }
}

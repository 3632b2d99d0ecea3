package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example external brain (examples/brains/first_fit.py, a Python process) against a real server: it places
 * the tasks of a job that names it by its own rule; a plan computed on versions that changed under it is refused
 * as stale, and its retry on fresh versions succeeds. The brain API's errors are 400s that list every problem.
 */
class ExternalBrainIT {
    @TempDir
    Path dir;
    RunningServer running;
    ApiClient api;
    ExampleBrain brain;
    List<String> out;

    @BeforeEach
    void start() {
        running = new RunningServer(dir);
        api = running.api;
        assertThat(running.addCluster("pool", 3).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (brain != null) brain.close();
        running.close();
    }

    @Test
    void theExampleBrainPlacesByItsOwnRuleAndRetriesAStalePlan() throws Exception {
        startBrain(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/brains/first-fit").status() == 200);
        assertThat(api.postJson("/v1/jobs", job("packed", "a")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.startsWith("planned 4 steps")));

        assertThat(api.postJson("/v1/jobs", job("packed", "b")).status()).as("the job changes under the brain").isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks("packed", "pending").size() == 4
                && tasks("packed", "pending").stream().allMatch(t -> t.get("jobVersion").asLong() == 2));
        enter();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.startsWith("refused")));
        assertThat(out.stream().filter(l -> l.startsWith("refused"))).hasSize(4).allMatch(l -> l.contains(": stale: "));

        await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().filter(l -> l.startsWith("planned 4 steps")).count() == 2);
        enter();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks("packed", "running").size() == 4);
        Set<String> nodes = new HashSet<>();
        tasks("packed", "running").forEach(t -> nodes.add(t.get("node").asText()));
        assertThat(nodes).as("first fit in name order packs the first node").containsExactly("pool-01");
        assertThat(out).contains("accepted 4 of 4");
    }

    @Test
    void badPlansAndRegistrationsAre400sListingEveryProblem() {
        ApiClient.Reply reg = api.putJson("/v1/brains/Bad_Name", """
                {"types": ["service", "cron"], "ttl": "soon"}""");
        assertThat(reg.status()).isEqualTo(400);
        assertThat(reg.json().get("details")).hasSize(3);

        assertThat(api.putJson("/v1/brains/mine", "{}").status()).isEqualTo(200);
        ApiClient.Reply plan = api.postJson("/v1/brains/mine/plans", """
                {"steps": [{"type": "place", "task": "t-1"}, {"type": "move", "task": "t-2", "revision": 3}]}""");
        assertThat(plan.status()).isEqualTo(400);
        assertThat(plan.json().get("details")).extracting(JsonNode::asText).containsExactly(
                "steps[0].revision is required: the task revision the step was computed on",
                "steps[0].node is required for a place step",
                "steps[1].type 'move' is not one of place, stop, migrate, resize");
        assertThat(api.get("/v1/brains/nobody/work").status()).isEqualTo(404);

        String token = api.postJson("/v1/tokens", """
                {"role": "brain", "name": "mine"}""").json().get("token").asText();
        ApiClient asBrain = api.withToken(token);
        assertThat(asBrain.get("/v1/brains/mine/work").status()).isEqualTo(200);
        assertThat(asBrain.putJson("/v1/brains/other", "{}").status()).isEqualTo(403);
        assertThat(asBrain.get("/v1/jobs").status()).isEqualTo(403);
    }

    private static String job(String name, String label) {
        return """
                {"name": "%s", "brain": "first-fit", "replicas": 4, "labels": {"rev": "%s"},
                 "task": {"command": ["sleep", "3600"], "resources": {"cpu": 500, "memory": 64}}}""".formatted(name, label);
    }

    private List<JsonNode> tasks(String job, String state) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/v1/tasks?job=" + job + "&state=" + state).json().forEach(list::add);
        return list;
    }

    private void startBrain(boolean step) throws IOException {
        brain = ExampleBrain.start(api, running.server.address().toString(), dir.resolve("brain.err"), step);
        out = brain.out;
    }

    private void enter() throws IOException {
        brain.enter();
    }
}

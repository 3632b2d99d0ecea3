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

/** The /v1/imagesets routes over real HTTP on a server with simulated nodes, and jobs that require a set. */
class ImageSetsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SET = """
            name: base
            selector: {role: edge}
            members:
              - name: web
                image: local/busybox
                command: [httpd, -f]
                resources: {cpu: 100, memory: 32}
              - name: tick
                command: [sleep, "3600"]
                backoff: 2s
            """;

    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @BeforeAll
    static void clusters() {
        assertThat(running.api.postJson("/v1/clusters", """
                {"name": "edge", "kind": "sim", "labels": {"role": "edge"}, "nodes": 2, "cpu": 4000, "memory": 8192,
                 "startDelayMs": 10}""").status()).isEqualTo(201);
        assertThat(running.addCluster("other", 1).status()).isEqualTo(201);
    }

    @Test
    void anImageSetFileIsAppliedRolledAndShownPerNode() {
        Reply created = running.api.post("/v1/imagesets", "application/yaml", SET);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("target").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> running.api.get("/v1/imagesets/base").json().path("phase").asText().equals("done"));
        JsonNode shown = running.api.get("/v1/imagesets/base").json();
        assertThat(shown.path("nodes")).hasSize(2);
        shown.path("nodes").forEach(n -> assertThat(n.path("state").asText()).isEqualTo("ready"));
        assertThat(running.api.get("/v1/imagesets").json()).hasSize(1);
        assertThat(running.api.post("/v1/imagesets", "application/yaml", SET).json().path("target").asLong())
                .as("the same file again is no new version").isEqualTo(1);

        Reply job = running.api.post("/v1/jobs", "application/yaml", """
                name: needs-base
                replicas: 3
                requires: imageset=base>=1
                task: {command: [sleep, "3600"], resources: {cpu: 100, memory: 16}}
                """);
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().path("requires").get(0).asText()).isEqualTo("imageset=base>=1");
        await().atMost(WAIT).until(() -> running.api.get("/v1/tasks?job=needs-base&state=running").json().size() == 3);
        running.api.get("/v1/tasks?job=needs-base&state=running").json()
                .forEach(t -> assertThat(t.path("node").asText()).startsWith("edge-"));

        Reply v2 = running.api.post("/v1/imagesets", "application/yaml", SET.replace("\"3600\"", "\"7200\""));
        assertThat(v2.json().path("target").asLong()).isEqualTo(2);
        await().atMost(WAIT).until(() -> running.api.get("/v1/imagesets/base/rollout").json().path("phase").asText().equals("done"));
        Reply back = running.api.post("/v1/imagesets/base/rollback", "application/json", "");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().path("target").asLong()).isEqualTo(1);
        assertThat(back.json().path("previous").asLong()).isEqualTo(2);
        await().atMost(WAIT).until(() -> running.api.get("/v1/tasks?job=needs-base&state=running").json().size() == 3
                && running.api.get("/v1/imagesets/base/rollout").json().path("phase").asText().equals("done"));

        assertThat(running.api.delete("/v1/imagesets/base").status()).isEqualTo(204);
        assertThat(running.api.get("/v1/imagesets/base").status()).isEqualTo(404);
        assertThat(running.api.delete("/v1/imagesets/base").status()).isEqualTo(404);
    }

    @Test
    void badFilesAndRequirementsAre400ListingEveryProblem() {
        Reply r = running.api.post("/v1/imagesets", "application/yaml", """
                name: Bad
                maxUnavailable: 0
                members:
                  - {name: a, driver: docker}
                  - {name: b, colour: red}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(details(r)).containsExactly("maxUnavailable must be from 1 to 10000, got 0",
                "unknown field 'members[1].colour'",
                "name: 'Bad' must be 1 to 24 lower case letters, digits or '-', starting and ending with a letter or digit",
                "members[0]: a container (docker) member needs an image",
                "members[1]: a process (exec) member needs a command");
    }

    @Test
    void unknownSetsAre404AndAJobWithABadRequirementIs400() {
        assertThat(running.api.get("/v1/imagesets/nope").status()).isEqualTo(404);
        assertThat(running.api.post("/v1/imagesets/nope/rollback", "application/json", "").status()).isEqualTo(404);
        Reply r = running.api.post("/v1/jobs", "application/yaml", """
                name: bad-needs
                requires: [imageset=gpu>=0, "gpu drivers"]
                task: {command: [sleep, "1"]}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(details(r)).hasSize(2).allSatisfy(d -> assertThat(d).startsWith("requires: requirement '"));
    }

    private static List<String> details(Reply r) {
        List<String> out = new ArrayList<>();
        r.json().get("details").forEach(d -> out.add(d.asText()));
        return out;
    }
}

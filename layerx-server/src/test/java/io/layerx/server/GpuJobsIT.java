package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GPUs through the REST API on a real server: a simulated cluster with GPU devices, jobs that ask for a share of one
 * device or whole devices, the devices recorded on each task, and bad requests answered 400 with every problem.
 */
class GpuJobsIT {

    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @BeforeAll
    static void addCluster() {
        Reply r = running.api.postJson("/v1/clusters", """
                {"name": "gpus", "kind": "sim", "nodes": 2, "cpu": 16000, "memory": 65536, "gpus": 4,
                 "gpuModel": "A100-SXM4-80GB", "gpuMemory": 81920, "startDelayMs": 10}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void nodesShowTheirDevicesAndModel() {
        JsonNode node = running.api.get("/v1/nodes?cluster=gpus").json().get(0);
        assertThat(node.get("labels").get("gpu.model").asText()).isEqualTo("A100-SXM4-80GB");
        JsonNode node1 = running.api.get("/v1/nodes/" + node.get("name").asText()).json();
        assertThat(node1.get("capacity").get("gpu").asLong()).isEqualTo(4000);
        assertThat(node1.get("gpus")).hasSize(4);
        assertThat(node1.get("gpus").get(3).get("index").asInt()).isEqualTo(3);
        assertThat(node1.get("gpus").get(3).get("memory").asLong()).isEqualTo(81_920);
    }

    @Test
    void aShareJobAndAWholeDeviceJobRunOnTheirOwnDevices() {
        Reply share = running.api.post("/v1/jobs", "application/yaml", """
                name: infer
                constraints: ["node.labels.gpu.model == A100-SXM4-80GB"]
                replicas: 3
                task:
                  command: [serve]
                  resources: {cpu: 500, memory: 1024, gpu: 0.46}
                """);
        assertThat(share.status()).as(share.body()).isEqualTo(201);
        Reply whole = running.api.postJson("/v1/jobs", """
                {"name": "train", "replicas": 2, "task": {"command": ["train"],
                 "resources": {"cpu": 1000, "memory": 4096, "gpu": 2}}}""");
        assertThat(whole.status()).as(whole.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> running("infer").size() == 3 && running("train").size() == 2);
        // the job reads back as its file gave it, a task's record in thousandths
        assertThat(running.api.get("/v1/jobs/infer").json().get("task").get("resources").get("gpu").asDouble()).isEqualTo(0.46);
        assertThat(running.api.get("/v1/jobs/train").json().get("task").get("resources").get("gpu").asDouble()).isEqualTo(2.0);
        assertThat(running("infer").getFirst().get("resources").get("gpu").asLong()).isEqualTo(460);
        Set<String> trainDevices = new HashSet<>();
        for (JsonNode t : running("train")) {
            assertThat(t.get("gpus")).hasSize(2);
            t.get("gpus").forEach(d -> trainDevices.add(t.get("node").asText() + "/" + d.asInt()));
        }
        for (JsonNode t : running("infer")) {
            assertThat(t.get("gpus")).hasSize(1);
            assertThat(trainDevices).doesNotContain(t.get("node").asText() + "/" + t.get("gpus").get(0).asInt());
        }
    }

    @Test
    void badGpuRequestsAre400WithEveryProblem() {
        Reply r = running.api.post("/v1/jobs", "application/yaml", """
                name: bad
                task:
                  command: [x]
                  resources: {cpu: -5, gpu: 1.5}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(JobsIT.details(r)).containsExactly("task.resources.cpu must be >= 0, got -5",
                "task.resources.gpu 1.5 is more than one device but not whole devices: ask for a share of one device"
                        + " (below 1, e.g. 0.5) or a whole number of devices (e.g. 2)");
        Reply negative = running.api.postJson("/v1/jobs", """
                {"name": "neg", "task": {"command": ["x"], "resources": {"gpu": -1}}}""");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(JobsIT.details(negative)).containsExactly("task.resources.gpu must be >= 0, got -1");
        Reply text = running.api.postJson("/v1/jobs", """
                {"name": "txt", "task": {"command": ["x"], "resources": {"gpu": "two"}}}""");
        assertThat(text.status()).isEqualTo(400);
        assertThat(JobsIT.details(text)).containsExactly("task.resources.gpu must be a number, got 'two'");
    }

    @Test
    void aModelNoNodeHasSaysWhyItIsPending() {
        Reply r = running.api.post("/v1/jobs", "application/yaml", """
                name: h100
                constraints: ["node.labels.gpu.model == H100"]
                task:
                  command: [x]
                  resources: {cpu: 100, gpu: 1}
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.api.get("/v1/jobs/h100").json().get("problems").isEmpty());
        assertThat(running.api.get("/v1/jobs/h100").json().get("problems").toString()).contains("gpu.model").contains("H100");
    }

    private static java.util.List<JsonNode> running(String job) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        running.api.get("/v1/tasks?job=" + job + "&state=running").json().forEach(out::add);
        return out;
    }
}

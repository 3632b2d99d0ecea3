package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClustersIT {
    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @Test
    void addAClusterAndSeeItsNodes() {
        Reply created = running.api.postJson("/v1/clusters", """
                {"name": "sim-a", "kind": "sim", "labels": {"zone": "z1"}, "nodes": 3, "cpu": 4000, "memory": 8192,
                 "disk": 0, "nodeLabels": {"rack": "r1"}, "startDelayMs": 10}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("name").asText()).isEqualTo("sim-a");
        assertThat(c.get("kind").asText()).isEqualTo("sim");
        assertThat(c.get("nodes").asInt()).isEqualTo(3);
        assertThat(c.get("capacity").get("cpu").asLong()).isEqualTo(12000);
        assertThat(c.get("labels").get("zone").asText()).isEqualTo("z1");
        assertThat(c.get("created").asText()).isNotBlank();

        assertThat(running.api.get("/v1/clusters/sim-a").json().get("name").asText()).isEqualTo("sim-a");
        assertThat(running.api.get("/v1/clusters").json())
                .anySatisfy(x -> assertThat(x.get("name").asText()).isEqualTo("sim-a"));
        Reply nodes = running.api.get("/v1/nodes?cluster=sim-a");
        assertThat(nodes.json()).hasSize(3);
        JsonNode node = nodes.json().get(0);
        assertThat(node.get("cluster").asText()).isEqualTo("sim-a");
        assertThat(node.get("state").asText()).isEqualTo("ready");
        assertThat(node.get("labels").get("rack").asText()).isEqualTo("r1");
        String name = node.get("name").asText();
        assertThat(running.api.get("/v1/nodes/" + name).json().get("name").asText()).isEqualTo(name);

        Reply failed = running.api.post("/v1/nodes/" + name + "/fail", null, "");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("state").asText()).isEqualTo("lost");
    }

    @Test
    void aSecondClusterOfTheSameNameIs409() {
        assertThat(running.addCluster("sim-dup", 1).status()).isEqualTo(201);
        Reply again = running.addCluster("sim-dup", 1);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).contains("sim-dup");
    }

    @Test
    void badClusterRequestsAre400() {
        Reply notJson = running.api.postJson("/v1/clusters", "{\"name\": \"x\",");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("details").get(0).asText()).startsWith("request body is not valid JSON");

        Reply unknown = running.api.postJson("/v1/clusters", "{\"name\": \"x\", \"kind\": \"sim\", \"node\": 3}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("details").get(0).asText()).isEqualTo("request body: unknown field 'node'");

        Reply wrongType = running.api.postJson("/v1/clusters",
                "{\"name\": \"x\", \"kind\": \"sim\", \"nodes\": \"ten\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("details").get(0).asText()).contains("'nodes' has the wrong type");

        Reply missing = running.api.postJson("/v1/clusters", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("details")).hasSize(2);

        Reply empty = running.api.postJson("/v1/clusters", "");
        assertThat(empty.status()).isEqualTo(400);

        Reply badKind = running.api.postJson("/v1/clusters", "{\"name\": \"x\", \"kind\": \"mainframe\"}");
        assertThat(badKind.status()).isEqualTo(400);
    }

    @Test
    void simulatedUseAndCpuOvercommitByUseAreClusterSettingsAndABadRatioIs400() {
        Reply created = running.api.postJson("/v1/clusters", """
                {"name": "sim-use", "kind": "sim", "nodes": 1, "cpu": 1000, "memory": 1024, "usageRatio": 0.25,
                 "cpuOvercommitByUse": true}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode settings = running.api.get("/v1/clusters/sim-use").json().get("settings");
        assertThat(settings.get("usageRatio").asText()).isEqualTo("0.25");
        assertThat(settings.get("cpuOvercommitByUse").asText()).isEqualTo("true");

        Reply bad = running.api.postJson("/v1/clusters", """
                {"name": "sim-bad", "kind": "sim", "nodes": 1, "cpu": 1000, "memory": 1024, "usageRatio": 2}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details").get(0).asText())
                .isEqualTo("usageRatio must be a decimal between 0 and 1 (e.g. 0.3), got '2.0'");
    }

    @Test
    void missingClustersAndNodesAre404() {
        assertThat(running.api.get("/v1/clusters/nope").status()).isEqualTo(404);
        assertThat(running.api.get("/v1/nodes/nope").status()).isEqualTo(404);
        assertThat(running.api.post("/v1/nodes/nope/fail", null, "").status()).isEqualTo(404);
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.server.ApiClient.Reply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node is held by one agent identity, over real HTTP: another identity joining a live node is refused with a 409
 * that says who holds it; a lost node may be taken over, and the old holder's credential then says it was replaced.
 */
class NodeHoldersIT {

    @TempDir
    Path dir;

    private RunningServer running;
    private String joinToken;

    @BeforeEach
    void start() {
        running = new RunningServer(dir);
        running.api.postJson("/v1/clusters", "{\"name\": \"edge\", \"kind\": \"agent\", \"heartbeatGraceMs\": 1000}");
        Reply r = running.api.postJson("/v1/tokens", "{\"role\": \"agent\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        joinToken = r.json().get("token").asText();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private Reply join(String token, String node, String agent) {
        return running.api.withToken(token).postJson("/v1/agent/register", """
                {"name": "%s", "cluster": "edge", "capacity": {"cpu": 2000, "memory": 1024, "disk": 0},
                 "address": "http://127.0.0.1:1", "agent": "%s"}""".formatted(node, agent));
    }

    private Reply beat(String credential) {
        return running.api.withToken(credential).postJson("/v1/agent/heartbeat", "{\"tasks\": []}");
    }

    @Test
    void anotherAgentJoiningALiveNodeIsRefusedWithWhoHoldsIt() {
        Reply first = join(joinToken, "vm", "aaaa");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(beat(first.json().get("credential").asText()).status()).isEqualTo(200);

        Reply second = join(joinToken, "vm", "bbbb");
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).matches(
                "node vm is held by another agent \\(joined at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, last heartbeat"
                        + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); give --name");
        assertThat(join(joinToken, "vm2", "bbbb").status()).as("under another name").isEqualTo(201);
        assertThat(running.api.get("/v1/nodes").json()).extracting(n -> n.get("name").asText())
                .containsExactlyInAnyOrder("vm", "vm2");
    }

    @Test
    void aLostNodeMayBeTakenOverAndTheOldCredentialSaysItWasReplaced() {
        String old = join(joinToken, "vm", "aaaa").json().get("credential").asText();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> running.api.get("/v1/nodes/vm").json().get("state").asText().equals("lost"));

        Reply taken = join(joinToken, "vm", "bbbb");
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        Reply refused = beat(old);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText())
                .startsWith("the credential of node vm was replaced: another agent took the node over")
                .contains("--join-token");
        assertThat(join(old, "vm", "aaaa").status()).as("nor may it join again with it").isEqualTo(401);
        assertThat(join(joinToken, "vm", "aaaa").status()).as("the new holder is live").isEqualTo(409);
        assertThat(beat(taken.json().get("credential").asText()).status()).isEqualTo(200);
    }

    @Test
    void theSameAgentMayJoinAgainAndItsNodeCredentialKeepsWorking() {
        String credential = join(joinToken, "vm", "aaaa").json().get("credential").asText();
        Reply again = join(credential, "vm", "aaaa");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(beat(credential).status()).isEqualTo(200);

        JsonNode fresh = join(joinToken, "vm", "aaaa").json();
        assertThat(beat(fresh.get("credential").asText()).status()).isEqualTo(200);
        Reply replaced = beat(credential);
        assertThat(replaced.status()).isEqualTo(401);
        assertThat(replaced.json().get("error").asText()).contains("was replaced: this agent joined again");
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.server.ApiClient.Reply;
import io.layerx.web.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthIT {
    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    private static void assertUnauthorized(Reply r) {
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(r.json().get("details").isArray()).isTrue();
    }

    @Test
    void noTokenIs401WithTheErrorShape() {
        ApiClient anonymous = running.api.withToken(null);
        assertUnauthorized(anonymous.get("/v1/jobs"));
        assertUnauthorized(anonymous.get("/metrics"));
        assertUnauthorized(anonymous.postJson("/v1/clusters", "{}"));
        assertUnauthorized(anonymous.get("/v1/no-such-route"));
    }

    @Test
    void wrongTokenIs401() {
        assertUnauthorized(running.api.withToken("not-a-token").get("/v1/jobs"));
        Reply basic = running.api.withToken(null).send("/v1/jobs", "Authorization", "Basic YWRtaW46YWRtaW4=");
        assertUnauthorized(basic);
    }

    @Test
    void adminTokenIsLetIn() {
        assertThat(running.api.get("/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    void agentTokenMayNotUseTheAdminRoutes() {
        String agent = running.server.tokens().create(Role.AGENT, "node-1");
        Reply r = running.api.withToken(agent).get("/v1/jobs");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("agent");
    }

    @Test
    void healthNeedsNoToken() {
        Reply r = running.api.withToken(null).get("/healthz");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void unknownRouteWithATokenIs404WithTheErrorShape() {
        Reply r = running.api.get("/v1/no-such-route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("no route GET /v1/no-such-route");
    }
}

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
    void viewerTokenReadsEverythingAndChangesNothing() {
        Reply made = running.api.postJson("/v1/tokens", "{\"role\":\"viewer\",\"name\":\"ui\"}");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.json().get("role").asText()).isEqualTo("viewer");
        ApiClient viewer = running.api.withToken(made.json().get("token").asText());
        for (String read : new String[] {"/v1/jobs", "/v1/nodes", "/v1/clusters", "/v1/tasks", "/v1/rebalancer",
                "/v1/brains", "/v1/server", "/metrics"}) {
            assertThat(viewer.get(read).status()).as(read).isEqualTo(200);
        }
        Reply drain = viewer.postJson("/v1/nodes/n1/drain", "");
        assertThat(drain.status()).isEqualTo(403);
        assertThat(drain.json().get("error").asText())
                .isEqualTo("a viewer token is read-only: it may not use POST /v1/nodes/n1/drain (use an admin token)");
        assertThat(viewer.postJson("/v1/tokens", "{\"role\":\"viewer\"}").status()).isEqualTo(403);
        assertThat(viewer.postJson("/v1/jobs", "{}").status()).isEqualTo(403);
    }

    @Test
    void theUiLoadsWithoutATokenButShowsNoData() {
        Reply page = running.api.withToken(null).get("/ui/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(running.api.withToken(null).get("/ui/app.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(running.api.withToken(null).get("/ui/no-such.js").status()).isEqualTo(404);
        assertThat(running.api.withToken(null).get("/ui/..%2Fadmin-token").status()).isEqualTo(404);
        assertThat(running.api.withToken(null).get("/").status()).isEqualTo(302);
        assertUnauthorized(running.api.withToken(null).get("/v1/nodes"));
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

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/openapi.json}: served without a token, OpenAPI 3, and every route it lists is one the server has. */
class OpenApiIT {

    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @Test
    void theDocumentDescribesRoutesTheServerHasWithSchemasFromTheCode() {
        ApiClient.Reply r = running.api.withToken(null).get("/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/components/schemas/TaskDto/properties").has("replaces")).isTrue();
        assertThat(doc.at("/components/schemas/JobDto/properties").has("brain")).isTrue();

        List<String> unknown = new ArrayList<>();
        int routes = 0;
        for (var path : doc.path("paths").properties()) {
            for (var op : path.getValue().properties()) {
                routes++;
                String url = path.getKey().replaceAll("\\{[a-z]+}", "x");
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                HttpRequest.Builder b = running.api.request(url).header("Content-Type", "application/json")
                        .method(method, method.equals("GET") || method.equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
                ApiClient.Reply reply = send(b);
                if (reply.status() == 404 && reply.body().contains("no route")) unknown.add(method + " " + path.getKey());
            }
        }
        assertThat(routes).isGreaterThanOrEqualTo(30);
        assertThat(unknown).as("documented routes the server does not have").isEmpty();
    }

    private static ApiClient.Reply send(HttpRequest.Builder b) {
        try {
            var resp = running.api.http().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Reply(resp.statusCode(), resp.body(), resp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

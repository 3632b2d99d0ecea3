package io.layerx.agent;

import io.layerx.provider.resource.agent.AgentProtocol.Ack;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Heartbeat;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Joined;
import io.layerx.store.Codec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The agent's side of docs/agent-protocol.md: join, heartbeat, assignments, over the JDK's HTTP client. */
final class ServerClient implements AutoCloseable {

    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration REQUEST = Duration.ofSeconds(30);

    /** The server answered with an error status. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String body) {
            super(said(body) + " (HTTP " + status + ")");
            this.status = status;
        }

        /** The server's error and its details, from its error body when it is one, else the body as it is. */
        private static String said(String body) {
            try {
                var json = Codec.mapper().readTree(body);
                if (json != null && json.hasNonNull("error")) {
                    StringBuilder out = new StringBuilder(json.get("error").asText());
                    json.path("details").forEach(d -> out.append("; ").append(d.asText()));
                    return out.toString();
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not JSON: show it as it is
            }
            return body.strip();
        }

        int status() {
            return status;
        }
    }

    private final URI base;
    private HttpClient http; // made at the first request: building one starts its selector thread

    ServerClient(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    Joined join(String token, Join join) throws IOException, Refused {
        return send(post("/v1/agent/register", token, join, REQUEST), Joined.class);
    }

    Ack heartbeat(String credential, Heartbeat beat) throws IOException, Refused {
        return send(post("/v1/agent/heartbeat", credential, beat, REQUEST), Ack.class);
    }

    Assignments assignments(String credential, long from, Duration wait) throws IOException, Refused {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/agent/assignments?from=" + from + "&wait="
                        + wait.toMillis())).timeout(wait.plus(REQUEST))
                .header("Authorization", "Bearer " + credential).GET().build();
        return send(req, Assignments.class);
    }

    private HttpRequest post(String path, String token, Object body, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Codec.encode(body))).build();
    }

    private synchronized HttpClient http() {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
        return http;
    }

    private <T> T send(HttpRequest req, Class<T> type) throws IOException, Refused {
        HttpResponse<byte[]> r;
        try {
            r = http().send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() / 100 != 2) throw new Refused(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return Codec.decode(r.body(), type);
    }

    @Override
    public synchronized void close() {
        if (http != null) http.close();
    }
}

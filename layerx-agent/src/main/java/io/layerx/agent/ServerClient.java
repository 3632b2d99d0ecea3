package io.layerx.agent;

import io.layerx.provider.resource.agent.AgentProtocol.Ack;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Heartbeat;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Joined;
import io.layerx.store.Codec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The agent's side of docs/agent-protocol.md: join, heartbeat, assignments, over the JDK's HTTP client. Given several
 * servers of one installation, it sends to the one that answered last; a server that cannot be reached or answers
 * 503 (it lost its leader) passes the call on to the next. Any server answers: the others forward to the leader.
 */
final class ServerClient implements AutoCloseable {

    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration REQUEST = Duration.ofSeconds(30);

    /** The server answered with an error status. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String body) {
            this(said(body) + " (HTTP " + status + ")", status);
        }

        private Refused(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The same refusal with what to do added, unless the server already said it. */
        Refused advise(String what) {
            return getMessage().contains("--join-token") ? this : new Refused(getMessage() + what, status);
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
            } catch (IOException | RuntimeException e) {
                // not JSON: show it as it is
            }
            return body.strip();
        }

        int status() {
            return status;
        }
    }

    private final List<URI> bases;
    private HttpClient http; // made at the first request: building one starts its selector thread
    private volatile int current;

    ServerClient(List<URI> bases) {
        this.bases = List.copyOf(bases);
    }

    /** The server the agent talks to now. */
    URI base() {
        return bases.get(current);
    }

    Joined join(String token, Join join) throws IOException, Refused {
        return send(post("/v1/agent/register", token, join, REQUEST), Joined.class);
    }

    Ack heartbeat(String credential, Heartbeat beat) throws IOException, Refused {
        return send(post("/v1/agent/heartbeat", credential, beat, REQUEST), Ack.class);
    }

    Assignments assignments(String credential, long from, Duration wait) throws IOException, Refused {
        return send(base -> HttpRequest.newBuilder(base.resolve("/v1/agent/assignments?from=" + from + "&wait="
                        + wait.toMillis())).timeout(wait.plus(REQUEST))
                .header("Authorization", "Bearer " + credential).GET().build(), Assignments.class);
    }

    private Function<URI, HttpRequest> post(String path, String token, Object body, Duration timeout) {
        byte[] json = Codec.encode(body);
        return base -> HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    }

    private synchronized HttpClient http() {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
        return http;
    }

    /** Tries each server once, from the current one, until one answers other than 503. */
    private <T> T send(Function<URI, HttpRequest> request, Class<T> type) throws IOException, Refused {
        int first = current;
        HttpResponse<byte[]> r = null;
        IOException failure = null;
        for (int i = 0; i < bases.size(); i++) {
            int at = (first + i) % bases.size();
            try {
                r = http().send(request.apply(bases.get(at)), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!unreachable(e)) throw e;
                failure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (r.statusCode() != 503) {
                current = at;
                break;
            }
        }
        if (r == null) throw failure;
        if (r.statusCode() / 100 != 2) throw new Refused(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return Codec.decode(r.body(), type);
    }

    /** The request never reached the server: safe to send to another. */
    private static boolean unreachable(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
    }

    @Override
    public synchronized void close() {
        if (http != null) http.close();
    }
}

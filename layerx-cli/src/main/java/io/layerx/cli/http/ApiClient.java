package io.layerx.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerx.cli.CommandError;
import io.layerx.store.Codec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The LayerX HTTP API (docs/api.md) as the CLI uses it: JSON in and out, one error shape. Every failure becomes a
 * {@link CommandError} worded for a person. Given several servers of one installation, it uses the first that
 * answers: a server that cannot be reached, or answers 503 (no leader yet, or its leader is gone), passes the request
 * on to the next, and the one that answered is asked first from then on. (Any server answers every request: the
 * others forward to the leader.)
 */
public final class ApiClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = Codec.mapper();

    private final List<URI> bases;
    private final String token;
    private final HttpClient http;
    private volatile int current;

    /** @param token sent as {@code Authorization: Bearer TOKEN}; {@code null} sends none */
    public ApiClient(URI base, String token) {
        this(List.of(base), token);
    }

    /** A client of several servers of one installation, tried in this order. */
    public ApiClient(List<URI> bases, String token) {
        if (bases.isEmpty()) throw new IllegalArgumentException("no server address");
        this.bases = List.copyOf(bases);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** A reply with a 2xx status. */
    public record Reply(int status, JsonNode body) {
    }

    /** The server asked first now. */
    public URI base() {
        return bases.get(current);
    }

    /** GET {@code path} with the non-null query parameters. */
    public JsonNode get(String path, Map<String, String> query) {
        return send(request(path + queryString(query)).GET()).body();
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** GET {@code path}, or empty when the server answers 404. */
    public Optional<JsonNode> find(String path) {
        HttpResponse<byte[]> response = exchange(request(path).GET().build());
        if (response.statusCode() == 404) return Optional.empty();
        return Optional.of(check(response).body());
    }

    /** GET a listing: the array itself, or the {@code items} array of a wrapping object. */
    public JsonNode list(String path, Map<String, String> query) {
        JsonNode body = get(path, query);
        if (body.isArray()) return body;
        if (body.path("items").isArray()) return body.path("items");
        throw new CommandError("unexpected answer from " + base() + path + ": not a list");
    }

    public Reply post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply postJson(String path, Object body) {
        try {
            return post(path, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
    }

    /** PUT {@code body} as JSON; the answer's body. */
    public JsonNode putJson(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))).body();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE()).body();
    }

    /** Reads a streamed body as it comes. */
    @FunctionalInterface
    public interface BodyReader {
        void read(java.io.InputStream body) throws IOException;
    }

    /**
     * GET {@code path} asking for {@code accept}, and hands the body to {@code reader} as it comes (no time limit: for
     * followed logs and event streams). An error answer is a {@link CommandError} as for any other call.
     */
    public void stream(String path, String accept, BodyReader reader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept);
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpRequest request = b.GET().build();
        try {
            HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                if (r.statusCode() >= 400) throw ApiErrors.toCommandError(r.statusCode(), in.readAllBytes(), request.uri());
                reader.read(in);
            }
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) throw unreachable();
            throw new CommandError("GET " + request.uri() + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandError("interrupted");
        }
    }

    /** One path segment, percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Reply send(HttpRequest.Builder builder) {
        return check(exchange(builder.build()));
    }

    /**
     * Sends to the server asked first, then to each other one while a server cannot be reached (the request never
     * left) or answers 503; the last answer or failure is the result.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) {
        int first = current;
        String suffix = request.uri().toString().substring(bases.get(first).toString().length());
        HttpResponse<byte[]> last = null;
        for (int i = 0; i < bases.size(); i++) {
            int at = (first + i) % bases.size();
            HttpRequest r = HttpRequest.newBuilder(request, (k, v) -> true)
                    .uri(URI.create(bases.get(at) + suffix)).build();
            Optional<HttpResponse<byte[]>> answer = sendOnce(r);
            if (answer.isEmpty()) continue;
            last = answer.get();
            if (last.statusCode() != 503) {
                current = at;
                return last;
            }
        }
        if (last != null) return last;
        throw unreachable();
    }

    /** The answer, or empty when the server cannot be reached. */
    private Optional<HttpResponse<byte[]>> sendOnce(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) return Optional.empty();
            throw new CommandError(request.method() + " " + request.uri() + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandError("interrupted");
        }
    }

    private static Reply check(HttpResponse<byte[]> response) {
        URI uri = response.request().uri();
        if (response.statusCode() >= 400) {
            throw ApiErrors.toCommandError(response.statusCode(), response.body(), uri);
        }
        return new Reply(response.statusCode(), parse(response.body(), uri));
    }

    private CommandError unreachable() {
        String where = bases.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(", "));
        return new CommandError("cannot reach LayerX at " + where + ": is the server running? (layerx up)");
    }

    private static JsonNode parse(byte[] body, URI uri) {
        if (body.length == 0) return JSON.nullNode();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CommandError("unexpected answer from " + uri + ": not JSON");
        }
    }

    private static String queryString(Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) q.add(segment(k) + "=" + segment(v));
        });
        return q.toString();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        http.close();
    }
}

package io.layerx.web;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes {@code /v1} requests on to the leader when this server does not lead (a Javalin before-handler, after
 * authentication): same method, path, query, body and credentials; the leader's status, headers that matter and
 * body come back as they are, streamed, so long polls work through it too. Reads of state (clusters, nodes, tasks,
 * the event stream) and {@code /v1/server} stay here: this server's own view of the store answers them. After a
 * forwarded write, the answer waits until that view has applied the leader's revision, so this server's reads show
 * the write. A request that another server already forwarded is never forwarded again (no loops while leadership
 * moves).
 */
final class LeaderForwarding implements AutoCloseable {
    static final String FORWARDED = "X-LayerX-Forwarded-By";
    /** The leader's view revision when it answered a forwarded request (at or after any write it made). */
    static final String REVISION = "X-LayerX-Revision";
    private static final Logger LOG = LoggerFactory.getLogger(LeaderForwarding.class);
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration REQUEST = Duration.ofSeconds(60);
    private static final List<String> REQUEST_HEADERS = List.of(Header.AUTHORIZATION, Header.CONTENT_TYPE,
            Header.ACCEPT, "Last-Event-ID");
    private static final List<String> RESPONSE_HEADERS = List.of(Header.CONTENT_TYPE, Header.WWW_AUTHENTICATE,
            Header.CACHE_CONTROL);

    private final Leadership leadership;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT)
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Set<InputStream> open = ConcurrentHashMap.newKeySet();

    LeaderForwarding(Leadership leadership) {
        this.leadership = leadership;
    }

    void handle(Context ctx) throws IOException {
        if (!ctx.path().startsWith("/v1/") || servedHere(ctx.method().name(), ctx.path())) return;
        switch (leadership.route()) {
            case Leadership.Serve s -> { }
            case Leadership.NoLeader n -> throw new LayerXException.Unavailable(n.why(), null);
            case Leadership.Forward f -> {
                if (ctx.header(FORWARDED) != null) {
                    throw new LayerXException.Unavailable("leadership is moving (a forwarded request reached a"
                            + " server that does not lead)", null);
                }
                forward(ctx, f.leader());
                ctx.skipRemainingHandlers();
            }
        }
    }

    /**
     * On the leader, an after-handler: an answer to a request another server forwarded carries the leader's view
     * revision, at or after any write the request made, for the forwarder to wait for.
     */
    static void stamp(Context ctx, ControlPlane controlPlane) {
        if (ctx.header(FORWARDED) == null || ctx.res().isCommitted()) return;
        try {
            ctx.header(REVISION, Long.toString(controlPlane.revision()));
        } catch (LayerXException e) {
            LOG.debug("no revision to stamp: {}", e.getMessage());
        }
    }

    /** Requests this server answers from its own view even when it does not lead. */
    static boolean servedHere(String method, String path) {
        if (path.equals("/v1/server") || path.equals("/v1/openapi.json")) return true;
        if (!method.equals("GET")) return false;
        return path.equals("/v1/clusters") || path.startsWith("/v1/clusters/") || path.equals("/v1/nodes")
                || path.startsWith("/v1/nodes/") || path.equals("/v1/tasks")
                || path.startsWith("/v1/tasks/") && !path.endsWith("/logs") || path.equals("/v1/events");
    }

    private void forward(Context ctx, URI leader) throws IOException {
        String query = ctx.queryString();
        URI target = URI.create(leader + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        boolean stream = String.valueOf(ctx.header(Header.ACCEPT)).contains("text/event-stream");
        HttpRequest.Builder b = HttpRequest.newBuilder(target).header(FORWARDED, String.valueOf(ctx.host()))
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
        if (!stream) b.timeout(REQUEST);
        for (String h : REQUEST_HEADERS) {
            String v = ctx.header(h);
            if (v != null) b.header(h, v);
        }
        HttpResponse<InputStream> r = send(b.build(), leader);
        if (!ctx.method().name().equals("GET")) {
            r.headers().firstValueAsLong(REVISION).ifPresent(leadership::awaitRevision);
        }
        ctx.status(r.statusCode());
        for (String h : RESPONSE_HEADERS) r.headers().firstValue(h).ifPresent(v -> ctx.header(h, v));
        copy(r.body(), ctx.res().getOutputStream()); // the raw stream: Javalin's own buffers until it can compress
    }

    private HttpResponse<InputStream> send(HttpRequest request, URI leader) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new LayerXException.Unavailable("the leader at " + leader + " does not answer", e);
        } catch (IOException e) {
            throw new LayerXException.Unavailable("forwarding to the leader at " + leader + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted while forwarding to the leader", e);
        }
    }

    /**
     * Copies as it arrives, flushing each chunk (an event stream must not wait in a buffer). Once the status is out,
     * a broken side (the client left, the leader died) just ends the response: the client reconnects.
     */
    private void copy(InputStream in, OutputStream out) throws IOException {
        open.add(in);
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("a forwarded response ended early: {}", e.toString());
        } finally {
            open.remove(in);
        }
    }

    /** Ends every forwarded stream. */
    @Override
    public void close() {
        for (InputStream in : open) {
            try {
                in.close();
            } catch (IOException ignored) {
                // it is closing anyway
            }
        }
    }
}

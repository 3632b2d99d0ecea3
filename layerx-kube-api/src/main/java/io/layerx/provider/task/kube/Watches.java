package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.layerx.service.ControlPlane;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ?watch=true}: a stream of {@code WatchEvent}s (ADDED, MODIFIED, DELETED), one JSON object per line. A
 * change of the control plane that can touch the watched kind (tasks and jobs; nodes for nodes) lists the watched
 * objects again, at most once per {@link #COALESCE}, and sends what differs from what the client has; a watch without a resource version first sends every object as ADDED. Objects are Tables when the
 * client asked for Tables ({@code kubectl get -w}).
 */
final class Watches {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration RESYNC = Duration.ofSeconds(10);
    /** Changes within this window are sent together: a watch lists at most a few times a second. */
    private static final Duration COALESCE = Duration.ofMillis(250);

    private final ControlPlane controlPlane;
    private final InstantSource clock;

    Watches(ControlPlane controlPlane, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.clock = clock;
    }

    void serve(Context ctx, Kind kind, Supplier<List<ObjectNode>> lister, boolean table) throws Exception {
        String rv = ctx.queryParam("resourceVersion");
        Duration timeout = timeout(ctx.queryParam("timeoutSeconds"));
        LinkedBlockingQueue<Object> changes = new LinkedBlockingQueue<>();
        Map<String, JsonNode> sent = new LinkedHashMap<>();
        boolean initial = rv == null || rv.isEmpty() || rv.equals("0");
        String follows = kind == Kind.NODES ? "node" : kind == Kind.NAMESPACES ? "job" : "task job";
        try (AutoCloseable sub = controlPlane.subscribe(0, e -> {
            if (follows.contains(e.kind())) changes.add(e);
        }, changes::add)) {
            List<ObjectNode> first = lister.get();
            first.forEach(o -> sent.put(key(o), comparable(o)));
            ctx.status(200).contentType("application/json");
            OutputStream out = ctx.res().getOutputStream(); // the servlet stream: each flush reaches the client
            if (initial) for (ObjectNode o : first) write(out, "ADDED", o, kind, table);
            out.flush();
            Instant end = clock.instant().plus(timeout);
            while (clock.instant().isBefore(end)) {
                Object c = changes.poll(RESYNC.toMillis(), TimeUnit.MILLISECONDS);
                if (c instanceof Throwable) return;
                if (c != null && !gather(changes)) return;
                send(out, kind, lister.get(), sent, table);
            }
        }
    }

    /** Takes the changes of the next {@link #COALESCE} (a burst, such as a rollout); false when the stream ended. */
    private boolean gather(LinkedBlockingQueue<Object> changes) throws InterruptedException {
        Instant until = clock.instant().plus(COALESCE);
        while (clock.instant().isBefore(until)) {
            Object more = changes.poll(Math.max(1, Duration.between(clock.instant(), until).toMillis()), TimeUnit.MILLISECONDS);
            if (more instanceof Throwable) return false;
        }
        return true;
    }

    private void send(OutputStream out, Kind kind, List<ObjectNode> now, Map<String, JsonNode> sent, boolean table)
            throws IOException {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        now.forEach(o -> byKey.put(key(o), o));
        for (var e : byKey.entrySet()) {
            JsonNode before = sent.get(e.getKey());
            JsonNode c = comparable(e.getValue());
            if (before == null) write(out, "ADDED", e.getValue(), kind, table);
            else if (!before.equals(c)) write(out, "MODIFIED", e.getValue(), kind, table);
            sent.put(e.getKey(), c);
        }
        for (var it = sent.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!byKey.containsKey(e.getKey())) {
                ObjectNode gone = ((ObjectNode) e.getValue()).deepCopy();
                ((ObjectNode) gone.with("metadata")).put("resourceVersion", Long.toString(controlPlane.revision()));
                write(out, "DELETED", gone, kind, table);
                it.remove();
            }
        }
        out.flush();
    }

    private void write(OutputStream out, String type, ObjectNode o, Kind kind, boolean table) throws IOException {
        ObjectNode event = KubeJson.object().put("type", type);
        event.set("object", table ? Tables.of(kind, List.of(o), o.path("metadata").path("resourceVersion").asText(),
                clock.instant()) : o);
        out.write(KubeJson.bytes(event));
        out.write('\n');
    }

    private static String key(JsonNode o) {
        return o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** The object without its resource version, which changes with every revision for derived objects. */
    private static JsonNode comparable(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        ((ObjectNode) c.with("metadata")).remove("resourceVersion");
        return c;
    }

    private static Duration timeout(String raw) {
        if (raw == null || raw.isBlank()) return DEFAULT_TIMEOUT;
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(raw.strip())));
        } catch (NumberFormatException e) {
            throw KubeError.badRequest("timeoutSeconds must be a number, got \"" + raw + "\"");
        }
    }
}

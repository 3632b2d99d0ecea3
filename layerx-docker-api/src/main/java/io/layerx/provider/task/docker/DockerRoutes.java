package io.layerx.provider.task.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.layerx.service.NodeView;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The routes of the Docker API, each a thin translation onto {@link Containers} and the control plane. */
final class DockerRoutes {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ControlPlane controlPlane;
    private final ContainerEngines engines;
    private final Containers containers;
    private final PoolImages images;
    private final InstantSource clock;

    DockerRoutes(ControlPlane controlPlane, ContainerEngines engines, Containers containers, PoolImages images,
                 InstantSource clock) {
        this.controlPlane = controlPlane;
        this.engines = engines;
        this.containers = containers;
        this.images = images;
        this.clock = clock;
    }

    void register(DockerApi.Prefixed r) {
        r.get("/_ping", this::ping);
        r.head("/_ping", this::ping);
        r.get("/version", ctx -> json(ctx, 200, SystemJson.version()));
        r.get("/info", ctx -> json(ctx, 200, SystemJson.info(controlPlane.nodes(null), containers.list(), images.list().size())));
        r.get("/images/json", ctx -> json(ctx, 200, SystemJson.images(images.list())));
        r.post("/images/create", this::pull);
        r.get("/images/<name>/json", this::inspectImage);
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.get("/containers/<id>/json", this::inspect); // <id>: docker inspect asks for images (a/b) here too
        r.post("/containers/{id}/start", ctx -> ctx.status(containers.start(ctx.pathParam("id")) ? 204 : 304));
        r.post("/containers/{id}/stop", this::stop);
        r.post("/containers/{id}/kill", this::kill);
        r.post("/containers/{id}/wait", this::await);
        r.get("/containers/{id}/logs", ctx -> new LogStream(controlPlane, engines, containers).serve(ctx));
        for (String kind : List.of("networks", "volumes", "nodes", "services", "tasks", "secrets", "configs", "plugins")) {
            // docker inspect asks for each kind of object in turn: LayerX has none of these
            r.get("/" + kind + "/<id>", ctx -> {
                throw new DockerApiError(404, "No such " + kind.substring(0, kind.length() - 1) + ": " + ctx.pathParam("id"));
            });
        }
        r.get("/plugins/{id}/json", ctx -> {
            throw new DockerApiError(404, "No such plugin: " + ctx.pathParam("id"));
        });
        r.delete("/containers/{id}", ctx -> {
            containers.remove(ctx.pathParam("id"), flag(ctx, "force"));
            ctx.status(204);
        });
    }

    private void ping(Context ctx) {
        ctx.header("API-Version", SystemJson.API_VERSION).header("OSType", "linux")
                .header("Docker-Experimental", "false").header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache").contentType("text/plain; charset=utf-8").status(200);
        if (!ctx.method().name().equals("HEAD")) ctx.result("OK");
    }

    private void pull(Context ctx) {
        String image = ctx.queryParam("fromImage") == null ? "" : ctx.queryParam("fromImage");
        String tag = ctx.queryParam("tag");
        String ref = tag == null || tag.isBlank() ? image : image + ":" + tag;
        if (!images.nodesWith(ref).isEmpty()) {
            json(ctx, 200, Map.of("status", "Status: Image is up to date for " + ref + " (on " + images.nodesWith(ref) + ")"));
            return;
        }
        throw new DockerApiError(404, "LayerX does not pull images: " + PoolImages.normal(ref) + " is on no engine of "
                + "the pool; pull or load it on the engines first");
    }

    private void inspectImage(Context ctx) {
        String name = ctx.pathParam("name");
        String wanted = PoolImages.normal(name);
        PoolImages.PoolImage found = images.list().stream().filter(p -> name.length() >= 12 && p.image().id().contains(name)
                        || p.tags().stream().anyMatch(t -> PoolImages.normal(t).equals(wanted)))
                .findFirst().orElseThrow(() -> new DockerApiError(404, "No such image: " + name));
        json(ctx, 200, SystemJson.image(found));
    }

    private void create(Context ctx) throws IOException {
        String name = ctx.queryParam("name");
        if (name != null && name.startsWith("/")) name = name.substring(1);
        if (name != null && name.isBlank()) name = null;
        JsonNode body;
        try {
            body = DockerJson.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw DockerApiError.badRequest("the body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        String id = containers.create(name, ContainerRequest.read(name, body));
        json(ctx, 201, Map.of("Id", id, "Warnings", List.of()));
    }

    private void list(Context ctx) {
        ContainerFilters filters = ContainerFilters.parse(ctx.queryParam("filters"));
        boolean all = flag(ctx, "all");
        long max = number(ctx, "limit", -1);
        List<Map<String, Object>> out = containers.list().stream()
                .filter(c -> all || filters.wantsStatus() || c.state().equals("running") || c.state().equals("restarting"))
                .filter(filters::matches)
                .limit(max < 0 ? Long.MAX_VALUE : max)
                .map(c -> ContainerJson.summary(c, clock)).toList();
        json(ctx, 200, out);
    }

    private void inspect(Context ctx) {
        Container c = containers.find(ctx.pathParam("id"));
        NodeView node = null;
        if (c.node() != null) {
            try {
                node = controlPlane.node(c.node());
            } catch (LayerXException.NotFound e) {
                node = null;
            }
        }
        json(ctx, 200, ContainerJson.inspect(c, node));
    }

    private void stop(Context ctx) {
        long t = number(ctx, "t", STOP_GRACE.toSeconds());
        Duration grace = Duration.ofSeconds(Math.max(0, t));
        ctx.status(containers.stop(ctx.pathParam("id"), grace) ? 204 : 304);
    }

    private void kill(Context ctx) {
        String signal = ctx.queryParam("signal") == null ? "KILL" : ctx.queryParam("signal").toUpperCase(Locale.ROOT);
        if (!List.of("KILL", "SIGKILL", "9", "TERM", "SIGTERM", "15").contains(signal)) {
            throw DockerApiError.badRequest("signal " + signal + " is not supported: LayerX stops containers (KILL, TERM)");
        }
        Container c = containers.find(ctx.pathParam("id"));
        if (!c.running()) throw DockerApiError.conflict("Container " + c.id() + " is not running");
        containers.stop(c.id(), Duration.ZERO);
        ctx.status(204);
    }

    private void await(Context ctx) {
        String condition = ctx.queryParam("condition") == null ? "not-running" : ctx.queryParam("condition");
        if (!List.of("not-running", "next-exit", "removed").contains(condition)) {
            throw DockerApiError.badRequest("condition must be not-running, next-exit or removed, got '" + condition + "'");
        }
        int code = containers.awaitExit(ctx.pathParam("id"), condition.equals("removed"));
        json(ctx, 200, Map.of("StatusCode", code));
    }

    /** A whole-number query parameter, {@code dflt} when absent; a 400 when it is not a number. */
    static long number(Context ctx, String name, long dflt) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return dflt;
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw DockerApiError.badRequest(name + " must be a whole number, got '" + raw + "'");
        }
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(DockerJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes one frame of Docker's multiplexed stream: stream byte, three zeros, big-endian length, payload. */
    static void frame(OutputStream out, int stream, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) stream, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(payload);
        out.flush();
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.layerx.model.LayerXException;
import io.layerx.provider.task.kube.KubeError.Cause;
import io.layerx.service.ControlPlane;
import io.layerx.service.NodeView;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Discovery, {@code /version}, {@code /openapi/v2}, namespaces and nodes (the whole pool, read-only). */
final class ClusterRoutes {

    private final ControlPlane controlPlane;
    private final KubeObjects objects;
    private final Workload workload;
    private final Watches watches;
    private final InstantSource clock;

    ClusterRoutes(ControlPlane controlPlane, KubeObjects objects, Pods pods, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.objects = objects;
        this.workload = new Workload(controlPlane, objects, pods, clock);
        this.watches = new Watches(controlPlane, clock);
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        r.get("/version", ctx -> Replies.json(ctx, 200, Discovery.version()));
        r.get("/healthz", ctx -> ctx.result("ok"));
        r.get("/readyz", ctx -> ctx.result("ok"));
        r.get("/livez", ctx -> ctx.result("ok"));
        r.get("/api", ctx -> Replies.json(ctx, 200, Discovery.api(ctx.host())));
        r.get("/apis", ctx -> Replies.json(ctx, 200, Discovery.groups()));
        r.get("/api/v1", ctx -> Replies.json(ctx, 200, Discovery.resources("v1")));
        r.get("/apis/{group}/{version}", ctx -> {
            ObjectNode list = Discovery.resources(ctx.pathParam("group") + "/" + ctx.pathParam("version"));
            if (list == null) throw KubeError.notFound("the server could not find the requested resource");
            Replies.json(ctx, 200, list);
        });
        r.get("/openapi/v2", ctx -> {
            String accept = ctx.header("Accept");
            if (accept != null && accept.contains("protobuf")) {
                ctx.status(200).contentType("application/octet-stream").result(Discovery.openApiProtobuf());
            } else {
                Replies.json(ctx, 200, Discovery.openApiJson());
            }
        });
        r.get("/api/v1/nodes", ctx -> {
            Supplier<List<ObjectNode>> lister = this::nodes;
            if (KubeRoutes.watch(ctx)) watches.serve(ctx, Kind.NODES, lister, Replies.wantsTable(ctx));
            else Replies.list(ctx, Kind.NODES, lister.get(), controlPlane.revision(), clock.instant());
        });
        r.get("/api/v1/nodes/{name}", ctx -> Replies.object(ctx, 200, Kind.NODES, node(ctx.pathParam("name")), clock.instant()));
        Handler readOnly = ctx -> {
            throw KubeError.methodNotAllowed("nodes are the LayerX pool and read-only here: drain or remove a node "
                    + "with layerx node drain / layerx node remove");
        };
        r.post("/api/v1/nodes", readOnly);
        r.put("/api/v1/nodes/{name}", readOnly);
        r.patch("/api/v1/nodes/{name}", readOnly);
        r.delete("/api/v1/nodes/{name}", readOnly);
        r.get("/api/v1/namespaces", ctx -> {
            Supplier<List<ObjectNode>> lister = () -> objects.list(Kind.NAMESPACES, null).stream().map(s -> Shapes.namespace(s, false)).toList();
            if (KubeRoutes.watch(ctx)) watches.serve(ctx, Kind.NAMESPACES, lister, Replies.wantsTable(ctx));
            else Replies.list(ctx, Kind.NAMESPACES, lister.get(), controlPlane.revision(), clock.instant());
        });
        r.post("/api/v1/namespaces", this::createNamespace);
        r.get("/api/v1/namespaces/{name}", ctx -> Replies.object(ctx, 200, Kind.NAMESPACES,
                Shapes.namespace(namespace(ctx.pathParam("name")), false), clock.instant()));
        r.delete("/api/v1/namespaces/{name}", this::deleteNamespace);
    }

    private List<ObjectNode> nodes() {
        long rev = controlPlane.revision();
        return controlPlane.nodes(null).stream().map(v -> Shapes.node(v, rev)).toList();
    }

    private ObjectNode node(String name) {
        try {
            NodeView v = controlPlane.node(name);
            return Shapes.node(v, controlPlane.revision());
        } catch (LayerXException.NotFound e) {
            throw KubeError.notFound(Kind.NODES, name);
        }
    }

    private KubeObjects.Stored namespace(String name) {
        return objects.get(Kind.NAMESPACES, "", name).orElseThrow(() -> KubeError.notFound(Kind.NAMESPACES, name));
    }

    private void createNamespace(Context ctx) {
        JsonNode body = KubeJson.read(ctx.bodyAsBytes());
        if (!body.isObject()) throw KubeError.badRequest("the body must be a Namespace object");
        ObjectNode ns = ((ObjectNode) body).deepCopy();
        String name = ns.path("metadata").path("name").asText("");
        List<Cause> causes = new ArrayList<>(Manifest.check(Kind.NAMESPACES, ns));
        if (!ns.path("kind").asText("Namespace").equals("Namespace")) {
            causes.add(Cause.invalid("kind", ns.path("kind").asText(), "must be Namespace"));
        }
        if (!causes.isEmpty()) throw KubeError.invalid(Kind.NAMESPACES, name, causes);
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ns.remove("spec");
        ns.remove("status");
        Replies.object(ctx, 201, Kind.NAMESPACES, Shapes.namespace(objects.create(Kind.NAMESPACES, "", ns), false), clock.instant());
    }

    /** Deletes a namespace with every deployment, job and pod in it; the built-in ones stay. */
    private void deleteNamespace(Context ctx) {
        String name = ctx.pathParam("name");
        KubeObjects.Stored s = namespace(name);
        if (KubeObjects.BUILTIN_NAMESPACES.contains(name)) {
            throw KubeError.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
        }
        for (Kind k : List.of(Kind.DEPLOYMENTS, Kind.JOBS, Kind.PODS)) {
            for (KubeObjects.Stored o : objects.list(k, name)) workload.delete(k, name, o.name());
        }
        objects.delete(Kind.NAMESPACES, "", name);
        Replies.object(ctx, 200, Kind.NAMESPACES, Shapes.namespace(s, true), clock.instant());
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The routes of deployments, jobs and pods (with {@code /log} and a deployment's {@code /scale}). */
final class KubeRoutes {

    private final ControlPlane controlPlane;
    private final KubeObjects objects;
    private final Workload workload;
    private final Pods pods;
    private final Watches watches;
    private final LogSource logs;
    private final InstantSource clock;

    KubeRoutes(ControlPlane controlPlane, KubeObjects objects, Pods pods, LogSource logs, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.objects = objects;
        this.pods = pods;
        this.workload = new Workload(controlPlane, objects, pods, clock);
        this.watches = new Watches(controlPlane, clock);
        this.logs = logs;
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        for (Kind k : List.of(Kind.DEPLOYMENTS, Kind.JOBS)) {
            String base = k.group().isEmpty() ? "/api/v1" : "/apis/" + k.apiVersion();
            r.get(base + "/" + k.plural(), ctx -> list(ctx, k, null));
            r.get(k.path("{ns}"), ctx -> list(ctx, k, ns(ctx)));
            r.post(k.path("{ns}"), ctx -> created(ctx, k, workload.create(k, ns(ctx), KubeJson.read(ctx.bodyAsBytes()))));
            r.get(k.path("{ns}") + "/{name}", ctx -> one(ctx, k, workload.show(k, ns(ctx), stored(ctx, k))));
            r.put(k.path("{ns}") + "/{name}", ctx -> one(ctx, k, workload.replace(k, ns(ctx), stored(ctx, k), KubeJson.read(ctx.bodyAsBytes()))));
            r.patch(k.path("{ns}") + "/{name}", ctx -> patch(ctx, k));
            r.delete(k.path("{ns}") + "/{name}", ctx -> Replies.deleted(ctx, k, ctx.pathParam("name"), workload.delete(k, ns(ctx), ctx.pathParam("name"))));
        }
        String scale = Kind.DEPLOYMENTS.path("{ns}") + "/{name}/scale";
        r.get(scale, ctx -> Replies.json(ctx, 200, workload.scaleOf(ns(ctx), name(ctx), stored(ctx, Kind.DEPLOYMENTS))));
        r.patch(scale, ctx -> Replies.json(ctx, 200, patchScale(ctx)));
        r.put(scale, ctx -> Replies.json(ctx, 200, workload.scale(ns(ctx), name(ctx), replicas(KubeJson.read(ctx.bodyAsBytes())))));
        r.get("/api/v1/pods", ctx -> listPods(ctx, null));
        r.get(Kind.PODS.path("{ns}"), ctx -> listPods(ctx, ns(ctx)));
        r.post(Kind.PODS.path("{ns}"), ctx -> created(ctx, Kind.PODS, workload.create(Kind.PODS, ns(ctx), KubeJson.read(ctx.bodyAsBytes()))));
        r.get(Kind.PODS.path("{ns}") + "/{name}", ctx -> one(ctx, Kind.PODS, pod(ns(ctx), name(ctx))));
        r.delete(Kind.PODS.path("{ns}") + "/{name}", this::deletePod);
        r.patch(Kind.PODS.path("{ns}") + "/{name}", this::patchPod);
        r.get(Kind.PODS.path("{ns}") + "/{name}/log", this::log);
    }

    private void list(Context ctx, Kind k, String ns) throws Exception {
        Supplier<List<ObjectNode>> lister = () -> workload.list(k, ns);
        if (watch(ctx)) watches.serve(ctx, k, filtered(ctx, lister), Replies.wantsTable(ctx));
        else Replies.list(ctx, k, lister.get(), controlPlane.revision(), clock.instant());
    }

    private void listPods(Context ctx, String ns) throws Exception {
        Supplier<List<ObjectNode>> lister = () -> {
            var hosts = pods.hosts();
            long rev = controlPlane.revision();
            return pods.list(ns).stream().map(p -> Pods.json(p, hosts, rev)).toList();
        };
        if (watch(ctx)) watches.serve(ctx, Kind.PODS, filtered(ctx, lister), Replies.wantsTable(ctx));
        else Replies.list(ctx, Kind.PODS, lister.get(), controlPlane.revision(), clock.instant());
    }

    private static Supplier<List<ObjectNode>> filtered(Context ctx, Supplier<List<ObjectNode>> lister) {
        var match = Selectors.of(ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"));
        return () -> lister.get().stream().filter(match).toList();
    }

    static boolean watch(Context ctx) {
        String w = ctx.queryParam("watch");
        return w != null && (w.equals("1") || w.toLowerCase(Locale.ROOT).equals("true"));
    }

    private ObjectNode pod(String ns, String name) {
        var hosts = pods.hosts();
        return pods.find(ns, name).map(p -> Pods.json(p, hosts, controlPlane.revision()))
                .orElseThrow(() -> KubeError.notFound(Kind.PODS, name));
    }

    private void patch(Context ctx, Kind k) {
        KubeObjects.Stored s = stored(ctx, k);
        ObjectNode current = workload.show(k, ns(ctx), s);
        JsonNode patched = Patches.apply(ctx.contentType(), current, KubeJson.read(ctx.bodyAsBytes()));
        one(ctx, k, workload.replace(k, ns(ctx), s, patched));
    }

    private ObjectNode patchScale(Context ctx) {
        KubeObjects.Stored s = stored(ctx, Kind.DEPLOYMENTS);
        JsonNode patched = Patches.apply(ctx.contentType(), workload.scaleOf(ns(ctx), name(ctx), s), KubeJson.read(ctx.bodyAsBytes()));
        return workload.scale(ns(ctx), name(ctx), replicas(patched));
    }

    private static int replicas(JsonNode scale) {
        JsonNode r = scale.path("spec").path("replicas");
        if (!r.isIntegralNumber()) throw KubeError.badRequest("a Scale needs spec.replicas as a number");
        return r.asInt();
    }

    /** A bare pod is deleted with its job; a deployment's or job's pods are its LayerX tasks. */
    private void deletePod(Context ctx) {
        String ns = ns(ctx);
        String name = name(ctx);
        Pods.Pod p = pods.find(ns, name).orElseThrow(() -> KubeError.notFound(Kind.PODS, name));
        if (p.owner() != Kind.PODS) {
            throw KubeError.methodNotAllowed("pod \"" + name + "\" is LayerX task " + p.task().id() + " of "
                    + p.owner().singular() + " " + p.object().name() + "; LayerX keeps a " + p.owner().singular()
                    + "'s pods itself: scale or delete the " + p.owner().singular() + ", or move the task with "
                    + "layerx task migrate");
        }
        Replies.deleted(ctx, Kind.PODS, name, workload.delete(Kind.PODS, ns, name));
    }

    private void patchPod(Context ctx) {
        String ns = ns(ctx);
        String name = name(ctx);
        KubeObjects.Stored s = objects.get(Kind.PODS, ns, name).orElseThrow(() -> pods.find(ns, name).isPresent()
                ? KubeError.methodNotAllowed("pod \"" + name + "\" belongs to a deployment or job: patch that instead")
                : KubeError.notFound(Kind.PODS, name));
        JsonNode patched = Patches.apply(ctx.contentType(), Shapes.withVersion(s), KubeJson.read(ctx.bodyAsBytes()));
        one(ctx, Kind.PODS, workload.replace(Kind.PODS, ns, s, patched));
    }

    private void log(Context ctx) throws Exception {
        String ns = ns(ctx);
        String name = name(ctx);
        Pods.Pod p = pods.find(ns, name).orElseThrow(() -> KubeError.notFound(Kind.PODS, name));
        List<String> refused = new ArrayList<>();
        for (String q : List.of("previous", "sinceSeconds", "sinceTime", "timestamps", "tailLines", "limitBytes")) {
            String v = ctx.queryParam(q);
            if (v != null && !v.isEmpty() && !v.equals("false")) refused.add(q);
        }
        if (!refused.isEmpty()) {
            throw KubeError.badRequest("LayerX serves a pod's whole log (with follow); not served: " + String.join(", ", refused));
        }
        String container = ctx.queryParam("container");
        if (container != null && !container.isEmpty() && !container.equals(firstContainer(p))) {
            throw KubeError.badRequest("container " + container + " is not valid for pod " + name);
        }
        if (p.task().node() == null) {
            throw KubeError.badRequest("container \"" + firstContainer(p) + "\" in pod \"" + name + "\" is waiting to start: "
                    + "it has no node yet");
        }
        ctx.status(200).contentType("text/plain");
        try {
            logs.copy(p.task(), watchFlag(ctx.queryParam("follow")), ctx.res().getOutputStream()); // unbuffered: -f streams
        } catch (LayerXException.NotFound e) {
            throw KubeError.badRequest(e.getMessage());
        }
    }

    private static String firstContainer(Pods.Pod p) {
        JsonNode template = p.owner() == Kind.PODS ? p.object().object() : p.object().object().path("spec").path("template");
        return template.path("spec").path("containers").path(0).path("name").asText();
    }

    private static boolean watchFlag(String v) {
        return v != null && (v.equals("1") || v.toLowerCase(Locale.ROOT).equals("true"));
    }

    private KubeObjects.Stored stored(Context ctx, Kind k) {
        return workload.stored(k, ns(ctx), name(ctx));
    }

    private void one(Context ctx, Kind k, ObjectNode o) {
        Replies.object(ctx, 200, k, o, clock.instant());
    }

    private void created(Context ctx, Kind k, ObjectNode o) {
        Replies.object(ctx, 201, k, o, clock.instant());
    }

    /** The namespace of the URL; NotFound when it does not exist. */
    private String ns(Context ctx) {
        String ns = ctx.pathParam("ns");
        if (objects.get(Kind.NAMESPACES, "", ns).isEmpty()) throw KubeError.notFound(Kind.NAMESPACES, ns);
        return ns;
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }
}

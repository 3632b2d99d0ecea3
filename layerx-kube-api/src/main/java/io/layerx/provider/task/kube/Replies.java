package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** Writes answers: one object, a list ({@code PodList}, ...) or, when the client asks for it, a Table. */
final class Replies {

    private Replies() {
    }

    /** True when the client accepts a {@code meta.k8s.io} Table ({@code kubectl get}). */
    static boolean wantsTable(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("as=Table");
    }

    static void object(Context ctx, int status, Kind kind, ObjectNode o, Instant now) {
        JsonNode body = wantsTable(ctx) ? Tables.of(kind, List.of(o), o.path("metadata").path("resourceVersion").asText(), now) : o;
        json(ctx, status, body);
    }

    static void list(Context ctx, Kind kind, List<ObjectNode> all, long revision, Instant now) {
        Predicate<JsonNode> match = Selectors.of(ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"));
        List<ObjectNode> items = all.stream().filter(match).toList();
        if (wantsTable(ctx)) {
            json(ctx, 200, Tables.of(kind, items, Long.toString(revision), now));
            return;
        }
        ObjectNode l = KubeJson.object().put("kind", kind.kind() + "List").put("apiVersion", kind.apiVersion());
        l.putObject("metadata").put("resourceVersion", Long.toString(revision));
        ArrayNode arr = l.putArray("items");
        for (ObjectNode o : items) {
            ObjectNode item = o.deepCopy();
            item.remove("kind");
            item.remove("apiVersion");
            arr.add(item);
        }
        json(ctx, 200, l);
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(KubeJson.bytes(body));
    }

    /** The {@code Status} of a successful delete. */
    static void deleted(Context ctx, Kind kind, String name, String uid) {
        ObjectNode s = KubeJson.object().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode d = s.putObject("details").put("name", name);
        if (!kind.group().isEmpty()) d.put("group", kind.group());
        d.put("kind", kind.plural()).put("uid", uid);
        json(ctx, 200, s);
    }
}

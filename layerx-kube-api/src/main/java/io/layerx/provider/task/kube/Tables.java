package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for: the columns the apiserver prints for each
 * kind (wide columns have priority 1, shown by {@code -o wide}), one row per object with the object itself.
 */
final class Tables {

    private record Column(String name, String type, String format, int priority) {
    }

    private static final List<Column> PODS = List.of(name(), col("Ready"), col("Status"), new Column("Restarts", "integer", "", 0),
            col("Age"), wide("IP"), wide("Node"), wide("Nominated Node"), wide("Readiness Gates"));
    private static final List<Column> DEPLOYMENTS = List.of(name(), col("Ready"), new Column("Up-to-date", "integer", "", 0),
            new Column("Available", "integer", "", 0), col("Age"), wide("Containers"), wide("Images"), wide("Selector"));
    private static final List<Column> JOBS = List.of(name(), col("Completions"), col("Duration"), col("Age"),
            wide("Containers"), wide("Images"), wide("Selector"));
    private static final List<Column> NODES = List.of(name(), col("Status"), col("Roles"), col("Age"), col("Version"),
            wide("Internal-IP"), wide("External-IP"), wide("OS-Image"), wide("Kernel-Version"), wide("Container-Runtime"));
    private static final List<Column> NAMESPACES = List.of(name(), col("Status"), col("Age"));

    private Tables() {
    }

    private static Column name() {
        return new Column("Name", "string", "name", 0);
    }

    private static Column col(String n) {
        return new Column(n, "string", "", 0);
    }

    private static Column wide(String n) {
        return new Column(n, "string", "", 1);
    }

    /** The table of {@code objects} of {@code kind}. */
    static ObjectNode of(Kind kind, List<ObjectNode> objects, String resourceVersion, Instant now) {
        ObjectNode t = KubeJson.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode cols = t.putArray("columnDefinitions");
        for (Column c : columns(kind)) {
            cols.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.name()).put("priority", c.priority());
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells(kind, o, now).forEach(cells::addPOJO);
            row.set("object", o);
        }
        return t;
    }

    private static List<Column> columns(Kind kind) {
        if (kind == Kind.PODS) return PODS;
        if (kind == Kind.DEPLOYMENTS) return DEPLOYMENTS;
        if (kind == Kind.JOBS) return JOBS;
        if (kind == Kind.NODES) return NODES;
        return NAMESPACES;
    }

    private static List<Object> cells(Kind kind, JsonNode o, Instant now) {
        String name = o.path("metadata").path("name").asText();
        String age = Times.age(Duration.between(Times.parse(o.path("metadata").path("creationTimestamp").asText()), now));
        JsonNode status = o.path("status");
        if (kind == Kind.PODS) {
            JsonNode cs = status.path("containerStatuses").path(0);
            return List.of(name, (cs.path("ready").asBoolean() ? 1 : 0) + "/1", podStatus(o), cs.path("restartCount").asInt(),
                    age, text(status.path("podIP")), text(o.path("spec").path("nodeName")), "<none>", "<none>");
        }
        if (kind == Kind.DEPLOYMENTS) {
            return List.of(name, status.path("readyReplicas").asInt() + "/" + o.path("spec").path("replicas").asInt(),
                    status.path("updatedReplicas").asInt(), status.path("availableReplicas").asInt(), age,
                    containers(o, "name"), containers(o, "image"), selector(o));
        }
        if (kind == Kind.JOBS) {
            Instant start = Times.parse(status.path("startTime").asText(null));
            Instant end = status.has("completionTime") ? Times.parse(status.path("completionTime").asText()) : now;
            String duration = status.has("startTime") ? Times.age(Duration.between(start, end)) : "";
            return List.of(name, status.path("succeeded").asInt() + "/" + o.path("spec").path("completions").asInt(1),
                    duration, age, containers(o, "name"), containers(o, "image"), selector(o));
        }
        if (kind == Kind.NODES) return nodeCells(o, name, age);
        return List.of(name, status.path("phase").asText("Active"), age);
    }

    private static List<Object> nodeCells(JsonNode o, String name, String age) {
        String ready = o.path("status").path("conditions").path(0).path("status").asText();
        String state = ready.equals("True") ? "Ready" : "NotReady";
        if (o.path("spec").path("unschedulable").asBoolean()) state += ",SchedulingDisabled";
        List<String> roles = new ArrayList<>();
        o.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) roles.add(k.substring("node-role.kubernetes.io/".length()));
        });
        JsonNode info = o.path("status").path("nodeInfo");
        return List.of(name, state, roles.isEmpty() ? "<none>" : String.join(",", roles), age,
                info.path("kubeletVersion").asText(), text(o.path("status").path("addresses").path(0).path("address")),
                "<none>", text(info.path("osImage")), text(info.path("kernelVersion")), info.path("containerRuntimeVersion").asText());
    }

    private static String podStatus(JsonNode pod) {
        JsonNode state = pod.path("status").path("containerStatuses").path(0).path("state");
        if (state.has("waiting")) return state.path("waiting").path("reason").asText();
        if (state.has("terminated")) return state.path("terminated").path("reason").asText();
        return pod.path("status").path("phase").asText();
    }

    private static String containers(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        o.path("spec").path("template").path("spec").path("containers").forEach(c -> out.add(c.path(field).asText()));
        return String.join(",", out);
    }

    private static String selector(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return out.isEmpty() ? "<none>" : out.stream().collect(Collectors.joining(","));
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? "<none>" : n.asText();
    }
}

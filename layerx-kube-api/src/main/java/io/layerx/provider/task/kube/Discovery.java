package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What kubectl reads before anything else: {@code /version}, the legacy discovery documents ({@code /api},
 * {@code /apis}, {@code /api/v1}, {@code /apis/apps/v1}, {@code /apis/batch/v1}) and {@code /openapi/v2}.
 */
final class Discovery {

    static final String MAJOR = "1";
    static final String MINOR = "20";
    private static final List<Kind> CORE = List.of(Kind.NAMESPACES, Kind.NODES, Kind.PODS);

    private Discovery() {
    }

    static ObjectNode version() {
        return KubeJson.object().put("major", MAJOR).put("minor", MINOR)
                .put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-layerx").put("gitCommit", "")
                .put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
                .put("goVersion", "java" + Runtime.version().feature()).put("compiler", "javac")
                .put("platform", "linux/amd64");
    }

    static ObjectNode api(String serverAddress) {
        ObjectNode n = KubeJson.object().put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return n;
    }

    static ObjectNode groups() {
        ObjectNode n = KubeJson.object().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (String g : List.of("apps", "batch")) {
            ObjectNode group = groups.addObject().put("name", g);
            ObjectNode v = KubeJson.object().put("groupVersion", g + "/v1").put("version", "v1");
            group.putArray("versions").add(v);
            group.set("preferredVersion", v.deepCopy());
        }
        return n;
    }

    /** The resources of {@code groupVersion} ({@code v1}, {@code apps/v1}, {@code batch/v1}); null for another. */
    static ObjectNode resources(String groupVersion) {
        ObjectNode n = KubeJson.object().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode list = n.putArray("resources");
        switch (groupVersion) {
            case "v1" -> {
                CORE.forEach(k -> list.add(resource(k)));
                list.addObject().put("name", "pods/log").put("singularName", "").put("namespaced", true)
                        .put("kind", "Pod").putArray("verbs").add("get");
            }
            case "apps/v1" -> {
                list.add(resource(Kind.DEPLOYMENTS));
                ObjectNode scale = list.addObject().put("name", "deployments/scale").put("singularName", "")
                        .put("namespaced", true).put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                scale.putArray("verbs").add("get").add("patch").add("update");
            }
            case "batch/v1" -> list.add(resource(Kind.JOBS));
            default -> {
                return null;
            }
        }
        return n;
    }

    private static ObjectNode resource(Kind k) {
        ObjectNode r = KubeJson.object().put("name", k.plural()).put("singularName", k.singular())
                .put("namespaced", k.namespaced()).put("kind", k.kind());
        ArrayNode verbs = r.putArray("verbs");
        k.verbs().forEach(verbs::add);
        if (!k.shortNames().isEmpty()) {
            ArrayNode s = r.putArray("shortNames");
            k.shortNames().forEach(s::add);
        }
        if (k == Kind.DEPLOYMENTS || k == Kind.PODS || k == Kind.JOBS) r.putArray("categories").add("all");
        return r;
    }

    /**
     * The OpenAPI v2 document as kubectl 1.20 asks for it (gnostic's {@code openapi_v2.Document} in protobuf):
     * {@code swagger} and {@code info} only. kubectl validates a manifest against the schemas of this document and
     * skips kinds it has none for, so {@code kubectl apply} (validation on) goes through and the server validates:
     * a bad manifest is refused as {@code Invalid} with every field listed.
     */
    static byte[] openApiProtobuf() {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        field(info, 1, "LayerX Kubernetes API");                  // Info.title
        field(info, 2, "v" + MAJOR + "." + MINOR + ".0-layerx");  // Info.version
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        field(doc, 1, "2.0");                                     // Document.swagger
        field(doc, 2, info.toByteArray());                        // Document.info
        return doc.toByteArray();
    }

    static ObjectNode openApiJson() {
        ObjectNode n = KubeJson.object().put("swagger", "2.0");
        n.putObject("info").put("title", "LayerX Kubernetes API").put("version", "v" + MAJOR + "." + MINOR + ".0-layerx");
        n.putObject("paths");
        n.putObject("definitions");
        return n;
    }

    /** A length-delimited protobuf field (wire type 2). */
    private static void field(ByteArrayOutputStream out, int number, Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
        varint(out, (number << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}

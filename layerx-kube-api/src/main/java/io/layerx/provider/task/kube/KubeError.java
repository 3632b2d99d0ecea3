package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A failed request as Kubernetes tells it: a {@code metav1.Status} with its code, reason and details, which kubectl
 * turns into {@code Error from server (NotFound): ...} or {@code The Deployment "web" is invalid: ...}.
 */
final class KubeError extends RuntimeException {

    /** One problem of an invalid object: the field path, the Kubernetes cause type and the message. */
    record Cause(String field, String reason, String message) {
        static Cause required(String field) {
            return new Cause(field, "FieldValueRequired", "Required value");
        }

        static Cause invalid(String field, Object value, String why) {
            return new Cause(field, "FieldValueInvalid", "Invalid value: " + quoted(value) + ": " + why);
        }

        static Cause unknown(String field) {
            return new Cause(field, "FieldValueNotFound", "Unsupported value: field not declared in the schema");
        }

        static Cause unsupported(String field, String why) {
            return new Cause(field, "FieldValueNotSupported", "Unsupported value: " + why);
        }

        private static String quoted(Object value) {
            return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        }

        String text() {
            return field + ": " + message;
        }
    }

    private final int code;
    private final String reason;
    private final ObjectNode details;

    private KubeError(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    static KubeError notFound(Kind kind, String name) {
        return new KubeError(404, "NotFound", kind.qualified() + " \"" + name + "\" not found", details(kind, name));
    }

    static KubeError notFound(String message) {
        return new KubeError(404, "NotFound", message, null);
    }

    static KubeError alreadyExists(Kind kind, String name) {
        return new KubeError(409, "AlreadyExists", kind.qualified() + " \"" + name + "\" already exists",
                details(kind, name));
    }

    static KubeError conflict(String message) {
        return new KubeError(409, "Conflict", message, null);
    }

    static KubeError badRequest(String message) {
        return new KubeError(400, "BadRequest", message, null);
    }

    static KubeError unauthorized() {
        return new KubeError(401, "Unauthorized", "Unauthorized: present the LayerX admin token as a bearer token", null);
    }

    static KubeError forbidden(String message) {
        return new KubeError(403, "Forbidden", message, null);
    }

    static KubeError methodNotAllowed(String message) {
        return new KubeError(405, "MethodNotAllowed", message, null);
    }

    static KubeError unsupportedMediaType(String message) {
        return new KubeError(415, "UnsupportedMediaType", message, null);
    }

    static KubeError unavailable(String message) {
        return new KubeError(503, "ServiceUnavailable", message, null);
    }

    static KubeError internal(String message) {
        return new KubeError(500, "InternalError", message, null);
    }

    /** Every problem of {@code name} at once, as the apiserver's validation lists them. */
    static KubeError invalid(Kind kind, String name, List<Cause> causes) {
        String message = kind.kind() + (kind.group().isEmpty() ? "" : "." + kind.group()) + " \"" + name
                + "\" is invalid: [" + causes.stream().map(Cause::text).collect(Collectors.joining(", ")) + "]";
        ObjectNode d = details(kind, name);
        d.put("kind", kind.kind());
        ArrayNode list = d.putArray("causes");
        for (Cause c : causes) list.addObject().put("reason", c.reason()).put("message", c.message()).put("field", c.field());
        return new KubeError(422, "Invalid", message, d);
    }

    private static ObjectNode details(Kind kind, String name) {
        ObjectNode d = KubeJson.object().put("name", name);
        if (!kind.group().isEmpty()) d.put("group", kind.group());
        d.put("kind", kind.plural());
        return d;
    }

    int code() {
        return code;
    }

    /** The {@code Status} object of this error. */
    ObjectNode status() {
        ObjectNode s = KubeJson.object().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (details != null) s.set("details", details);
        s.put("code", code);
        return s;
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types of {@code PATCH}: JSON patch (RFC 6902, by zjsonpatch), JSON merge patch (RFC 7386) and
 * Kubernetes' strategic merge patch (what {@code kubectl apply} and {@code kubectl patch} send): a merge patch whose
 * lists of objects merge by their key ({@code containers} and {@code env} by {@code name}, {@code ports} by
 * {@code containerPort}) and which honours the {@code $patch}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/} and {@code $setElementOrder/} directives.
 */
final class Patches {

    static final String JSON = "application/json-patch+json";
    static final String MERGE = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "ports", "containerPort",
            "imagePullSecrets", "name", "tolerations", "key");

    private Patches() {
    }

    /** {@code target} with {@code patch} (of {@code contentType}) applied; the target is not changed. */
    static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        switch (type) {
            case JSON -> {
                if (!patch.isArray()) throw KubeError.badRequest("a JSON patch is a list of operations");
                try {
                    EnumSet<CompatibilityFlags> flags = CompatibilityFlags.defaults();
                    flags.add(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT); // RFC 6902: the target must exist
                    return JsonPatch.apply(patch, target, flags);
                } catch (JsonPatchApplicationException | IllegalArgumentException e) {
                    throw KubeError.badRequest("the JSON patch does not apply: " + e.getMessage());
                }
            }
            case MERGE -> {
                return merge(target, patch, false);
            }
            case STRATEGIC -> {
                return merge(target, patch, true);
            }
            default -> throw KubeError.unsupportedMediaType("the patch type \"" + type + "\" is not served; use "
                    + JSON + ", " + MERGE + " or " + STRATEGIC + " (server-side apply is not served)");
        }
    }

    static JsonNode merge(JsonNode target, JsonNode patch, boolean strategic) {
        if (!patch.isObject()) return patch.deepCopy();
        if (strategic && "replace".equals(patch.path("$patch").asText())) {
            ObjectNode copy = ((ObjectNode) patch).deepCopy();
            copy.remove("$patch");
            return copy;
        }
        if (strategic && "delete".equals(patch.path("$patch").asText())) return null;
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : KubeJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (strategic && directive(out, key, value)) continue;
            if (value.isNull()) {
                out.remove(key);
            } else if (strategic && value.isArray() && MERGE_KEYS.containsKey(key) && out.path(key).isArray()) {
                out.set(key, mergeList((ArrayNode) out.get(key), (ArrayNode) value, MERGE_KEYS.get(key)));
            } else {
                JsonNode merged = merge(out.get(key), value, strategic);
                if (merged == null) out.remove(key);
                else out.set(key, merged);
            }
        }
        if (strategic && patch.has("$retainKeys")) {
            Set<String> keep = new HashSet<>();
            patch.get("$retainKeys").forEach(k -> keep.add(k.asText()));
            out.retain(keep);
        }
        return out;
    }

    /** Applies a directive key of a strategic merge patch; false when {@code key} is an ordinary field. */
    private static boolean directive(ObjectNode out, String key, JsonNode value) {
        if (key.equals("$patch") || key.equals("$retainKeys") || key.startsWith("$setElementOrder/")) return true;
        if (key.startsWith("$deleteFromPrimitiveList/")) {
            String field = key.substring("$deleteFromPrimitiveList/".length());
            if (out.path(field).isArray()) {
                Set<JsonNode> gone = new HashSet<>();
                value.forEach(gone::add);
                ArrayNode kept = out.arrayNode();
                out.get(field).forEach(v -> {
                    if (!gone.contains(v)) kept.add(v);
                });
                out.set(field, kept);
            }
            return true;
        }
        return false;
    }

    private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String mergeKey) {
        ArrayNode out = target.deepCopy();
        for (JsonNode item : patch) {
            JsonNode k = item.path(mergeKey);
            int at = -1;
            for (int i = 0; i < out.size(); i++) if (!k.isMissingNode() && out.get(i).path(mergeKey).equals(k)) at = i;
            boolean delete = "delete".equals(item.path("$patch").asText());
            if (delete) {
                if (at >= 0) out.remove(at);
            } else if (at >= 0) {
                out.set(at, merge(out.get(at), item, true));
            } else {
                out.add(merge(null, item, true));
            }
        }
        return out;
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code labelSelector} (equality and existence: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k}) and
 * {@code fieldSelector} ({@code metadata.name}, {@code metadata.namespace}, and {@code spec.nodeName} and
 * {@code status.phase} of pods) over objects as the API shows them.
 */
final class Selectors {

    private Selectors() {
    }

    static Predicate<JsonNode> of(String labelSelector, String fieldSelector) {
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (String term : terms(labelSelector)) all.add(label(term));
        for (String term : terms(fieldSelector)) all.add(field(term));
        return o -> all.stream().allMatch(p -> p.test(o));
    }

    private static List<String> terms(String s) {
        if (s == null || s.isBlank()) return List.of();
        if (s.contains("(")) throw KubeError.badRequest("set-based selectors (in, notin) are not served: " + s);
        return List.of(s.split(",")).stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    private static Predicate<JsonNode> label(String term) {
        String[] ne = term.split("!=", 2);
        if (ne.length == 2) return o -> !labels(o).path(ne[0].strip()).asText("\u0000").equals(ne[1].strip());
        String[] eq = term.split("==?", 2);
        if (eq.length == 2) return o -> labels(o).path(eq[0].strip()).asText("\u0000").equals(eq[1].strip());
        if (term.startsWith("!")) return o -> !labels(o).has(term.substring(1).strip());
        return o -> labels(o).has(term);
    }

    private static JsonNode labels(JsonNode o) {
        return o.path("metadata").path("labels");
    }

    private static Predicate<JsonNode> field(String term) {
        boolean negate = term.contains("!=");
        String[] kv = term.split(negate ? "!=" : "==?", 2);
        if (kv.length != 2) throw KubeError.badRequest("invalid field selector \"" + term + "\": want FIELD=VALUE");
        String path = kv[0].strip();
        String want = kv[1].strip();
        JsonPointerPath p = switch (path) {
            case "metadata.name" -> o -> o.path("metadata").path("name");
            case "metadata.namespace" -> o -> o.path("metadata").path("namespace");
            case "spec.nodeName" -> o -> o.path("spec").path("nodeName");
            case "status.phase" -> o -> o.path("status").path("phase");
            default -> throw KubeError.badRequest("field label not supported: " + path
                    + " (served: metadata.name, metadata.namespace, spec.nodeName, status.phase)");
        };
        return o -> p.at(o).asText("").equals(want) != negate;
    }

    private interface JsonPointerPath {
        JsonNode at(JsonNode o);
    }
}

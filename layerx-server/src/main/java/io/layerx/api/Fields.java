package io.layerx.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the fields of one mapping of a parsed document and records every problem instead of stopping at the first.
 * Absent and {@code null} fields read as empty. Scalars (numbers, booleans) are taken as text where text is asked for.
 *
 * @param prefix the path of this mapping, e.g. {@code task.resources}; empty at the top
 */
record Fields(JsonNode node, String prefix, List<String> problems) {

    String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    void problem(String text) {
        problems.add(text);
    }

    /** Reports each field that is not in {@code known} (in document order), with a suggestion when one is close. */
    void rejectUnknown(List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.add("unknown field '" + path(f) + "'" + Suggestion.closest(f, known)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(""));
            }
        }
    }

    private Optional<JsonNode> present(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    boolean has(String field) {
        return present(field).isPresent();
    }

    Optional<String> text(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return Optional.empty();
        if (!v.get().isValueNode()) {
            problems.add(path(field) + " must be a string, got " + kind(v.get()));
            return Optional.empty();
        }
        return Optional.of(v.get().asText());
    }

    /** A number, whole or not. */
    java.util.OptionalDouble decimal(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return java.util.OptionalDouble.empty();
        if (!v.get().isNumber()) {
            problems.add(path(field) + " must be a number, got " + shown(v.get()));
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(v.get().asDouble());
    }

    /** An integer in [min, max]. */
    OptionalLong integer(String field, long min, long max) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return OptionalLong.empty();
        JsonNode n = v.get();
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            problems.add(path(field) + " must be an integer, got " + shown(n));
            return OptionalLong.empty();
        }
        long value = n.asLong();
        if (value < min || value > max) {
            problems.add(path(field) + (max >= Integer.MAX_VALUE && value < min ? " must be >= " + min
                    : " must be from " + min + " to " + max) + ", got " + value);
            return OptionalLong.empty();
        }
        return OptionalLong.of(value);
    }

    /** One of {@code allowed} (lower case). */
    Optional<String> choice(String field, Collection<String> allowed) {
        Optional<String> v = text(field);
        if (v.isPresent() && !allowed.contains(v.get())) {
            problems.add(path(field) + " '" + v.get() + "' is not one of " + String.join(", ", allowed));
            return Optional.empty();
        }
        return v;
    }

    Map<String, String> stringMap(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return Map.of();
        if (!v.get().isObject()) {
            problems.add(path(field) + " must be a mapping of strings, got " + kind(v.get()));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.get().properties().forEach(e -> {
            JsonNode x = e.getValue();
            if (x.isValueNode() && !x.isNull()) {
                out.put(e.getKey(), x.asText());
            } else {
                problems.add(path(field) + "." + e.getKey() + " must be a string, got " + kind(x));
            }
        });
        return out;
    }

    List<String> stringList(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return List.of();
        if (!v.get().isArray()) {
            problems.add(path(field) + " must be a list of strings, got " + kind(v.get()));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.get().size(); i++) {
            JsonNode x = v.get().get(i);
            if (x.isValueNode() && !x.isNull()) {
                out.add(x.asText());
            } else {
                problems.add(path(field) + "[" + i + "] must be a string, got " + kind(x));
            }
        }
        return out;
    }

    /** The nested mapping, or empty (with a problem when it is there but not a mapping). */
    Optional<Fields> mapping(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return Optional.empty();
        if (!v.get().isObject()) {
            problems.add(path(field) + " must be a mapping, got " + kind(v.get()));
            return Optional.empty();
        }
        return Optional.of(new Fields(v.get(), path(field), problems));
    }

    /** The elements of a list field (empty with a problem when it is not a list). */
    List<JsonNode> list(String field) {
        Optional<JsonNode> v = present(field);
        if (v.isEmpty()) return List.of();
        if (!v.get().isArray()) {
            problems.add(path(field) + " must be a list, got " + kind(v.get()));
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        v.get().forEach(out::add);
        return out;
    }

    static String kind(JsonNode n) {
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        if (n.isNull()) return "nothing";
        return shown(n);
    }

    private static String shown(JsonNode n) {
        if (n.isTextual()) return "'" + n.asText() + "'";
        if (n.isValueNode()) return n.asText();
        return kind(n);
    }
}

package io.layerx.provider.task.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} of {@code GET /containers/json}: {@code label} ({@code KEY} or {@code KEY=VALUE}), {@code name}
 * (a regular expression found in the name), {@code id} (a prefix) and {@code status}. Values of one filter are
 * alternatives; different filters must all hold. Any other filter is refused, as dockerd does.
 */
record ContainerFilters(Map<String, List<String>> filters) {

    private static final Set<String> KNOWN = Set.of("label", "name", "id", "status");

    static ContainerFilters parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) return new ContainerFilters(out);
        JsonNode root;
        try {
            root = DockerJson.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw DockerApiError.badRequest("filters must be JSON: " + raw);
        }
        root.properties().forEach(e -> {
            if (!KNOWN.contains(e.getKey())) {
                throw DockerApiError.badRequest("invalid filter '" + e.getKey() + "' (LayerX filters by label, name, id, status)");
            }
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asText()));
            else e.getValue().properties().forEach(v -> values.add(v.getKey())); // {"k=v": true}, as newer clients send
            for (String v : values) {
                if (e.getKey().equals("name")) regex(v);
            }
            out.put(e.getKey(), values);
        });
        return new ContainerFilters(out);
    }

    private static Pattern regex(String v) {
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw DockerApiError.badRequest("name filter '" + v + "' is not a regular expression: " + e.getDescription());
        }
    }

    boolean wantsStatus() {
        return filters.containsKey("status");
    }

    boolean matches(Container c) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (f.getValue().isEmpty()) continue;
            boolean any = f.getValue().stream().anyMatch(v -> switch (f.getKey()) {
                case "label" -> label(c, v);
                case "name" -> regex(v).matcher(c.name()).find();
                case "id" -> c.id().startsWith(v);
                default -> c.state().equals(v);
            });
            if (!any) return false;
        }
        return true;
    }

    private static boolean label(Container c, String v) {
        Map<String, String> labels = ContainerJson.userLabels(c);
        int eq = v.indexOf('=');
        return eq < 0 ? labels.containsKey(v) : v.substring(eq + 1).equals(labels.get(v.substring(0, eq)));
    }
}

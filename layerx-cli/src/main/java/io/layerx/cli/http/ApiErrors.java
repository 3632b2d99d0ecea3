package io.layerx.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
import io.layerx.store.Codec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns an error reply ({@code {"error","details"}}, docs/api.md) into the words the user sees. */
final class ApiErrors {

    static final String TOKEN_HINT =
            "set LAYERX_TOKEN or --token (a local `layerx up` keeps its token in ~/.layerx/up/admin-token)";

    private ApiErrors() {
    }

    static CommandError toCommandError(int status, byte[] body, URI uri) {
        JsonNode json = parse(body);
        String error = json.path("error").asText("");
        List<String> details = new ArrayList<>();
        json.path("details").forEach(d -> details.add(d.asText()));
        if (error.isBlank()) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            error = "HTTP " + status + " from " + uri + (text.isEmpty() ? "" : ": " + firstLine(text));
        }
        return switch (status) {
            case 401 -> new CommandError("not authorized (401): " + error, withHint(details));
            case 403 -> new CommandError("forbidden (403): " + error, details);
            case 503 -> new CommandError("server unavailable (503): " + error + "; try again", details);
            default -> new CommandError(error, details);
        };
    }

    private static List<String> withHint(List<String> details) {
        List<String> out = new ArrayList<>(details);
        out.add(TOKEN_HINT);
        return out;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Codec.mapper().readTree(body);
            return node == null ? Codec.mapper().nullNode() : node;
        } catch (IOException e) {
            return Codec.mapper().nullNode();
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

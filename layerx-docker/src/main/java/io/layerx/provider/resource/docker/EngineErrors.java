package io.layerx.provider.resource.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

/** Turns what docker-java throws into one line for a task's reason or a log. */
final class EngineErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineErrors() {
    }

    /** The engine's own message when it answered with an error, else the innermost cause's. */
    static String message(Throwable e) {
        if (e instanceof DockerException d) {
            String body = d.getMessage() == null ? "" : d.getMessage();
            int brace = body.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode n = JSON.readTree(body.substring(brace));
                    if (n.hasNonNull("message")) return n.get("message").asText();
                } catch (Exception ignored) {
                    // not JSON: use the text as it is
                }
            }
            return body.strip();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** True when the engine answered (with an error status), false when it could not be reached. */
    static boolean answered(Throwable e) {
        return e instanceof DockerException;
    }
}

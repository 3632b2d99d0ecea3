package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Optional;

/** What the CLI reads of a job file itself: only its name. The server reads and checks the rest. */
final class JobFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    private JobFiles() {
    }

    /** The {@code name} of a YAML or JSON job file; empty when the file has none or does not parse. */
    static Optional<String> name(byte[] content) {
        try {
            JsonNode root = YAML.readTree(content);
            JsonNode name = root == null ? null : root.path("name");
            return name != null && name.isTextual() && !name.asText().isBlank()
                    ? Optional.of(name.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package io.layerx.cli.commands;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the CLI reads of a job file itself: its bytes and its name. The server reads and checks the rest. */
final class JobFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    private JobFiles() {
    }

    /** The file's bytes ({@code -}: standard input). */
    static byte[] read(Context context, String file) {
        try {
            return "-".equals(file) ? context.stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CommandError("cannot read job file " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandError("cannot read job file " + file + ": " + e.getMessage());
        }
    }

    /** The content type to send the file as. */
    static String contentType(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json" : "application/yaml";
    }

    /**
     * Whether the file holds several jobs: YAML documents one after another ({@code ---}) or a list. Such a file goes
     * to {@code POST /v1/jobs/batch}; a file that does not parse is one job (the server says what is wrong with it).
     */
    static boolean several(byte[] content) {
        try (JsonParser parser = YAML.createParser(content)) {
            int docs = 0;
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
                if (doc.isArray() || ++docs > 1) return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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

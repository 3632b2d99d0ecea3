package io.layerx.cli.commands;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the CLI reads of a job file itself: its bytes and its name. The server reads and checks the rest. */
final class JobFiles {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern JOB_FILE = Pattern.compile("(?i).+\\.(ya?ml|json)");

    private JobFiles() {
    }

    /**
     * The file's bytes ({@code -}: standard input). A folder (as {@code kubectl apply -f DIR}) gives its
     * {@code .yaml}, {@code .yml} and {@code .json} files in name order, one YAML document after another.
     */
    static byte[] read(Context context, String file) {
        try {
            if ("-".equals(file)) return context.stdin().readAllBytes();
            Path path = Path.of(file);
            return Files.isDirectory(path) ? folder(path) : Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CommandError("cannot read job file " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandError("cannot read job file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] folder(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).filter(f -> JOB_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted().toList();
        }
        if (files.isEmpty()) throw new CommandError("no job files (*.yaml, *.yml, *.json) in " + dir);
        StringBuilder out = new StringBuilder();
        for (Path f : files) out.append(out.isEmpty() ? "" : "\n---\n").append(Files.readString(f));
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The content type to send the file as (a folder's files go as YAML, which reads JSON too). */
    static String contentType(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".json") && !Files.isDirectory(Path.of(file))
                ? "application/json" : "application/yaml";
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

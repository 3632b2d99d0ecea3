package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerx.cli.CommandError;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.store.Codec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerx events}: follows the server's event stream ({@code GET /v1/events}, Server-Sent Events), one line per
 * change: revision, kind, what happened and to what. Runs until interrupted, {@code --limit} events were printed, or
 * the server ends the stream.
 */
@Command(name = "events", description = "Follow every change as it happens (jobs, tasks, nodes, clusters).")
public final class EventsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = Codec.mapper();
    private static final Set<String> KINDS = Set.of("job", "task", "node", "cluster", "imageset", "framework");

    enum Format { TEXT, JSON }

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--from", paramLabel = "REVISION", description = "Start at this revision (default: now)")
    Long from;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Only these kinds: job, task, node, cluster, imageset, framework")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--job", paramLabel = "NAME", description = "Only this job and its tasks")
    String job;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after N events")
    Integer limit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (one line each) or json (one JSON object per line); default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() {
        List<String> bad = new ArrayList<>();
        for (String k : kinds) if (!KINDS.contains(k)) bad.add("--kind " + k + " is not one of job, task, node, cluster, imageset, framework");
        if (from != null && from < 1) bad.add("--from must be a revision >= 1, got " + from);
        if (limit != null && limit < 1) bad.add("--limit must be >= 1, got " + limit);
        if (!bad.isEmpty()) throw new CommandError("bad options", bad);
        PrintWriter out = spec.commandLine().getOut();
        int[] printed = {0};
        try (ApiClient client = api.client()) {
            client.stream("/v1/events" + (from == null ? "" : "?from=" + from), "text/event-stream", body -> {
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String event = "";
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:")) event = line.substring(6).strip();
                    if (!line.startsWith("data:")) continue;
                    JsonNode e = JSON.readTree(line.substring(5).strip());
                    if (event.equals("error")) throw new CommandError("the event stream ended: " + e.path("error").asText());
                    if (!wanted(e)) continue;
                    out.println(format == Format.JSON ? JSON.writeValueAsString(e) : describe(e));
                    out.flush();
                    if (limit != null && ++printed[0] >= limit) return;
                }
            });
        }
        return 0;
    }

    private boolean wanted(JsonNode e) {
        String kind = e.path("kind").asText();
        if (!kinds.isEmpty() && !kinds.contains(kind)) return false;
        if (job == null) return true;
        return kind.equals("job") ? e.path("id").asText().equals(job)
                : kind.equals("task") && e.path("object").path("job").asText().equals(job);
    }

    /** {@code 1234  task  put  web-1a2b3c  running on n-01}. */
    static String describe(JsonNode e) {
        JsonNode o = e.path("object");
        String kind = e.path("kind").asText();
        String detail = switch (kind) {
            case "task" -> o.path("state").asText() + (o.hasNonNull("node") ? " on " + o.path("node").asText() : "")
                    + (o.path("reason").asText().isEmpty() ? "" : ": " + o.path("reason").asText());
            case "job" -> "version " + o.path("version").asText() + (o.path("stopped").asBoolean() ? ", stopped" : "");
            case "node" -> o.path("state").asText() + " in " + o.path("cluster").asText();
            case "imageset" -> ImageSetCommand.eventDetail(o);
            case "framework" -> o.path("change").asText() + " " + o.path("name").asText() + ", "
                    + o.path("tasks").size() + " tasks";
            default -> o.path("kind").asText("");
        };
        String type = e.path("type").asText();
        return String.format(Locale.ROOT, "%-8d %-8s %-7s %s%s", e.path("revision").asLong(), kind, type,
                e.path("id").asText(), type.equals("delete") || detail.isBlank() ? "" : "  " + detail);
    }
}

package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Context;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerx imageset apply|list|get|rollout status|pause|resume|rollback|delete}: layer-1 image sets on the nodes. */
@Command(name = "imageset", description = "Layer-1 image sets: containers and processes on every selected node, "
        + "rolled node by node beneath the jobs.",
        subcommands = {ImageSetCommand.Apply.class, ImageSetCommand.ListSets.class, ImageSetCommand.Get.class,
                ImageSetCommand.Rollout.class, ImageSetCommand.Rollback.class, ImageSetCommand.Delete.class})
public final class ImageSetCommand {

    /** The states of a node's set, in the order the graph draws them. */
    static final List<String> GRAPH = List.of("absent", "pulling", "starting", "ready");
    static final List<String> OFF_PATH = List.of("draining", "failed");

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("NAME", s -> Cells.text(s, "name")),
                new Column("TARGET", s -> Cells.text(s, "target")),
                new Column("PHASE", s -> Cells.text(s, "phase")),
                new Column("READY", s -> ready(s) + "/" + s.path("nodes").size()),
                new Column("MEMBERS", s -> Integer.toString(s.path("spec").path("members").size())));
    }

    private static long ready(JsonNode s) {
        long n = 0;
        for (JsonNode node : s.path("nodes")) {
            if (node.path("state").asText().equalsIgnoreCase("ready") && node.path("version").asLong() == s.path("target").asLong()) n++;
        }
        return n;
    }

    /** One node's line: the graph with its state in brackets, e.g. {@code absent > pulling > [STARTING] > ready}. */
    static String graph(JsonNode node) {
        String state = node.path("state").asText().toLowerCase(Locale.ROOT);
        List<String> path = new ArrayList<>();
        for (String s : GRAPH) path.add(s.equals(state) ? "[" + s.toUpperCase(Locale.ROOT) + "]" : s);
        List<String> off = new ArrayList<>();
        for (String s : OFF_PATH) off.add(s.equals(state) ? "[" + s.toUpperCase(Locale.ROOT) + "]" : s);
        String reason = node.path("reason").asText();
        return String.format("%-20s v%-3s %s  | %s%s", node.path("node").asText(), node.path("version").asText(),
                String.join(" > ", path), String.join(" | ", off), reason.isEmpty() ? "" : "   " + reason);
    }

    static String describe(JsonNode s, Instant now) {
        List<String> members = new ArrayList<>();
        for (JsonNode m : s.path("spec").path("members")) {
            String what = m.path("driver").asText().equals("docker") ? "container " + m.path("image").asText()
                    : "process " + String.join(" ", texts(m.path("command")));
            members.add(m.path("name").asText() + ": " + what);
        }
        List<String> nodes = new ArrayList<>();
        s.path("nodes").forEach(n -> nodes.add(graph(n)));
        return new Description()
                .field("Name", Cells.text(s, "name"))
                .field("Target", "version " + Cells.text(s, "target") + " (versions " + String.join(", ", texts(s.path("versions"))) + ")")
                .field("Phase", Cells.text(s, "phase") + (s.path("paused").asBoolean() ? " (paused)" : ""))
                .field("Selector", s.path("spec").path("selector").isEmpty() ? "every node" : Cells.pairs(s.path("spec").path("selector")))
                .field("Max unavailable", s.path("spec").path("maxUnavailable").asText())
                .field("Stopped at", s.path("failedNode").isNull() || s.path("failedNode").isMissingNode() ? ""
                        : s.path("failedNode").asText() + ": " + s.path("failure").asText())
                .section("Members", members)
                .section("Nodes", nodes)
                .render();
    }

    /** What {@code rollout status} says: the phase, where and why a roll stopped, each node's state. */
    static String rolloutStatus(JsonNode s) {
        StringBuilder out = new StringBuilder();
        String phase = s.path("phase").asText();
        out.append("image set ").append(s.path("name").asText()).append(": ").append(switch (phase) {
            case "done" -> "version " + s.path("target").asText() + " is ready on every node";
            case "failed" -> "the roll to version " + s.path("target").asText() + " stopped on node "
                    + s.path("failedNode").asText() + ": " + s.path("failure").asText();
            case "paused" -> "the roll to version " + s.path("target").asText() + " is paused";
            default -> "rolling to version " + s.path("target").asText() + " (" + ready(s) + " of "
                    + s.path("nodes").size() + " nodes ready)";
        }).append('\n');
        s.path("nodes").forEach(n -> out.append("  ").append(graph(n)).append('\n'));
        return out.toString().stripTrailing();
    }

    /** An image set's event on the stream: {@code version 2: n1 draining, n2 ready}. */
    static String eventDetail(JsonNode status) {
        List<String> nodes = new ArrayList<>();
        status.path("nodes").forEach(n -> nodes.add(n.path("node").asText() + " " + n.path("state").asText()));
        String stopped = status.hasNonNull("failedNode") ? " (stopped on " + status.path("failedNode").asText() + ")" : "";
        return "version " + status.path("target").asText() + stopped + ": " + String.join(", ", nodes);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Command(name = "apply", description = "Apply an image set file (YAML or JSON; - reads stdin): a changed set is a new version, rolled node by node.")
    static final class Apply implements Callable<Integer> {
        private final Context context;

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "FILE", description = "The image set file, or - for standard input")
        String file;

        Apply(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            byte[] content = JobFiles.read(context, file);
            try (ApiClient client = api.client()) {
                ApiClient.Reply reply = client.post("/v1/imagesets", JobFiles.contentType(file), content);
                JsonNode s = reply.body();
                spec.commandLine().getOut().println("image set " + Cells.text(s, "name") + " "
                        + (reply.status() == 201 ? "created" : "applied") + " (target version " + Cells.text(s, "target") + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", aliases = "ls", description = "List image sets.")
    static final class ListSets extends Listing {
        ListSets() {
            super("/v1/imagesets", "image sets", ImageSetCommand::columns);
        }
    }

    @Command(name = "get", description = "Show an image set: its members, its roll, and each node's state graph.")
    static final class Get extends Showing {
        Get() {
            super("/v1/imagesets", ImageSetCommand::describe);
        }
    }

    @Command(name = "rollout", description = "An image set's roll: status, pause, resume.",
            subcommands = {RolloutStatus.class, Pause.class, Resume.class})
    static final class Rollout {
    }

    @Command(name = "status", description = "Where the roll is: done, rolling, paused, or where and why it stopped.")
    static final class RolloutStatus extends NamedAction {
        @Override
        String act(ApiClient client) {
            return rolloutStatus(client.get("/v1/imagesets/" + ApiClient.segment(name) + "/rollout"));
        }
    }

    @Command(name = "pause", description = "Start no further node (a node already rolling finishes).")
    static final class Pause extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.postJson("/v1/imagesets/" + ApiClient.segment(name) + "/rollout/pause", Map.of());
            return "image set " + name + ": roll paused";
        }
    }

    @Command(name = "resume", description = "Go on with the roll (also retries one that stopped on a failure).")
    static final class Resume extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.postJson("/v1/imagesets/" + ApiClient.segment(name) + "/rollout/resume", Map.of());
            return "image set " + name + ": roll resumed";
        }
    }

    @Command(name = "rollback", description = "Roll back to the version the current roll started from.")
    static final class Rollback extends NamedAction {
        @Option(names = "--to", paramLabel = "VERSION", description = "Roll back to this version instead")
        Long to;

        @Override
        String act(ApiClient client) {
            String q = to == null ? "" : "?version=" + to;
            JsonNode s = client.postJson("/v1/imagesets/" + ApiClient.segment(name) + "/rollback" + q, Map.of()).body();
            return "image set " + name + ": rolling back to version " + Cells.text(s, "target");
        }
    }

    @Command(name = "delete", description = "Delete an image set: its members stop on every node.")
    static final class Delete extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.delete("/v1/imagesets/" + ApiClient.segment(name));
            return "image set " + name + " deleted";
        }
    }
}

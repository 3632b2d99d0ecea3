package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerx task list|get|logs|migrate|resize}. */
@Command(name = "task", description = "Inspect and move tasks.",
        subcommands = {TaskCommand.ListTasks.class, TaskCommand.Get.class, TaskCommand.Logs.class,
                TaskMigrateCommand.class, TaskResizeCommand.class})
public final class TaskCommand {

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("ID", t -> Cells.text(t, "id")),
                new Column("JOB", t -> Cells.text(t, "job")),
                new Column("STATE", t -> Cells.text(t, "state")),
                new Column("NODE", t -> Cells.text(t, "node")),
                new Column("CLUSTER", t -> Cells.text(t, "cluster")),
                new Column("CPU", t -> Cells.cpu(t.path("resources"))),
                new Column("MEM", t -> Cells.memory(t.path("resources"))),
                new Column("AGE", t -> Cells.age(t, "created", now)));
    }

    static String describe(JsonNode t, Instant now) {
        String exit = Cells.text(t, "exitCode");
        return new Description()
                .field("ID", Cells.text(t, "id"))
                .field("Job", Cells.text(t, "job") + " (version " + Cells.orDash(Cells.text(t, "jobVersion")) + ")")
                .field("Slot", Cells.text(t, "slot"))
                .field("Attempt", Cells.text(t, "attempt"))
                .field("State", Cells.text(t, "state"))
                .field("Desired", Cells.text(t, "desired"))
                .field("Node", Cells.text(t, "node"))
                .field("Cluster", Cells.text(t, "cluster"))
                .field("CPU", Cells.cpu(t.path("resources")))
                .field("Memory", Cells.memory(t.path("resources")))
                .field("CPU used", TopCommand.cpu(t.path("usage")))
                .field("Memory used", TopCommand.memory(t.path("usage")))
                .field("RSS", TopCommand.memoryUsed(t.path("usage").path("used"), "rss"))
                .field("Pids", Cells.text(t.path("usage").path("used"), "pids"))
                .field("Ports", Cells.pairs(t.path("ports")))
                .field("Reason", Cells.text(t, "reason"))
                .field("Replaces", Cells.text(t, "replaces"))
                .field("Exit code", exit)
                .field("Created", Cells.text(t, "created") + " (" + Cells.age(t, "created", now) + " ago)")
                .field("Updated", Cells.text(t, "updated") + " (" + Cells.age(t, "updated", now) + " ago)")
                .render();
    }

    @Command(name = "list", aliases = "ls", description = "List tasks matching every filter given.")
    static final class ListTasks extends Listing {
        @Option(names = "--job", paramLabel = "NAME", description = "Only tasks of this job")
        String job;

        @Option(names = "--node", paramLabel = "NAME", description = "Only tasks on this node")
        String node;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only tasks in this state: pending, assigned, starting, running, exited, failed,"
                        + " killed, lost")
        String state;

        ListTasks() {
            super("/v1/tasks", "tasks", TaskCommand::columns);
        }

        @Override
        Map<String, String> query() {
            Map<String, String> query = new HashMap<>();
            query.put("job", job);
            query.put("node", node);
            query.put("state", state);
            return query;
        }
    }

    @Command(name = "get", description = "Show one task.")
    static final class Get extends Showing {
        Get() {
            super("/v1/tasks", TaskCommand::describe);
        }

        /** The task and, while it runs on a node that measures it, what it uses ({@code usage}). */
        @Override
        JsonNode fetch(ApiClient client) {
            JsonNode task = super.fetch(client);
            client.find("/v1/usage/tasks/" + ApiClient.segment(name))
                    .ifPresent(u -> ((com.fasterxml.jackson.databind.node.ObjectNode) task).set("usage", u));
            return task;
        }
    }

    @Command(name = "logs", description = "Print a task's output (kept on its node); -f follows it until the task ends.")
    static final class Logs implements Callable<Integer> {

        @Mixin
        ApiOptions api;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-f", "--follow"}, description = "Keep printing what the task writes until it ends")
        boolean follow;

        @Option(names = "--stderr", description = "Print standard error instead of standard output")
        boolean stderr;

        @Override
        public Integer call() {
            String path = "/v1/tasks/" + ApiClient.segment(id) + "/logs?follow=" + follow + "&stream="
                    + (stderr ? "stderr" : "stdout");
            try (ApiClient client = api.client()) {
                java.io.PrintWriter out = spec.commandLine().getOut();
                client.stream(path, "text/plain", in -> {
                    java.io.Reader text = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
                    char[] buf = new char[8192];
                    for (int n; (n = text.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                });
            }
            return 0;
        }
    }
}

package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import io.layerx.cli.output.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerx job run|plan|list|status|stop}. */
@Command(name = "job", description = "Run, inspect and stop jobs.",
        subcommands = {JobCommand.Run.class, JobPlanCommand.class, JobCommand.ListJobs.class, JobCommand.Status.class,
                JobCommand.Stop.class, JobRightsizeCommand.class})
public final class JobCommand {

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("NAME", j -> Cells.text(j, "name")),
                new Column("TYPE", j -> Cells.text(j, "type")),
                new Column("STATUS", j -> Cells.text(j, "status")),
                new Column("REPLICAS", j -> Cells.text(j, "replicas")),
                new Column("TASKS", j -> Cells.counts(j.path("counts"))),
                new Column("VERSION", j -> Cells.text(j, "version")),
                new Column("AGE", j -> Cells.age(j, "submitted", now)));
    }

    /** The job's fields, its task counts, why tasks are not placed, and its tasks. */
    static String describe(JsonNode job, Instant now) {
        List<String> constraints = new ArrayList<>();
        job.path("constraints").forEach(c -> constraints.add(c.asText()));
        List<String> problems = new ArrayList<>();
        job.path("problems").forEach(p -> problems.add(p.asText()));
        JsonNode resources = job.path("task").path("resources");
        return new Description()
                .field("Name", Cells.text(job, "name"))
                .field("Type", Cells.text(job, "type"))
                .field("Status", Cells.text(job, "status"))
                .field("Replicas", Cells.text(job, "replicas"))
                .field("Strategy", Cells.text(job, "strategy"))
                .field("Priority", Cells.text(job, "priority"))
                .field("Version", Cells.text(job, "version"))
                .field("Stopped", Cells.text(job, "stopped"))
                .field("Labels", Cells.pairs(job.path("labels")))
                .field("Constraints", String.join(", ", constraints))
                .field("Resources", "cpu " + Cells.orDash(Cells.cpu(resources))
                        + ", memory " + Cells.orDash(Cells.memory(resources)))
                .field("Submitted", Cells.text(job, "submitted")
                        + " (" + Cells.age(job, "submitted", now) + " ago)")
                .field("Tasks", Cells.counts(job.path("counts")))
                .section("Placement problems", problems)
                .section("Tasks", job.path("tasks").isEmpty() ? ""
                        : Table.of(TaskCommand.columns(now), job.path("tasks")).render())
                .render();
    }

    @Command(name = "run", description = "Create or update a job from a job file (YAML or JSON; - reads stdin);"
            + " a file of several jobs (YAML documents, or a list), or a folder of job files, is sent as one batch,"
            + " all or none.")
    static final class Run implements Callable<Integer> {

        private final Context context;

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "FILE",
                description = "The job file, a folder of them (*.yaml, *.yml, *.json), or - for standard input")
        String file;

        Run(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            byte[] content = JobFiles.read(context, file);
            String type = JobFiles.contentType(file);
            try (ApiClient client = api.client()) {
                if (JobFiles.several(content)) {
                    JsonNode batch = client.post("/v1/jobs/batch", type, content).body();
                    for (JsonNode job : batch.path("jobs")) {
                        spec.commandLine().getOut().println(line(job, Cells.orDash(Cells.text(job, "outcome"))));
                    }
                    return 0;
                }
                Optional<String> before = JobFiles.name(content)
                        .flatMap(n -> client.find("/v1/jobs/" + ApiClient.segment(n)))
                        .map(j -> Cells.text(j, "version"));
                ApiClient.Reply reply = client.post("/v1/jobs", type, content);
                spec.commandLine().getOut().println(outcome(reply, before));
            }
            return 0;
        }

        /**
         * {@code job web created (version 1)}, {@code updated} or {@code unchanged}: 201 is created; otherwise the
         * version tells, compared to the one the job had {@code before} (when known).
         */
        static String outcome(ApiClient.Reply reply, Optional<String> before) {
            JsonNode job = reply.body();
            String version = Cells.text(job, "version");
            boolean created = reply.status() == 201;
            boolean changed = before.isEmpty() || !before.get().equals(version);
            return line(job, created ? "created" : changed ? "updated" : "unchanged");
        }

        /** {@code job NAME WHAT (version V)}, the version left out when the answer has none. */
        private static String line(JsonNode job, String what) {
            String version = Cells.text(job, "version");
            return "job " + Cells.orDash(Cells.text(job, "name")) + " " + what
                    + (version == null ? "" : " (version " + version + ")");
        }
    }

    @Command(name = "list", aliases = "ls", description = "List jobs.")
    static final class ListJobs extends Listing {
        ListJobs() {
            super("/v1/jobs", "jobs", JobCommand::columns);
        }
    }

    @Command(name = "status", description = "Show a job: its fields, task counts, placement problems and tasks.")
    static final class Status extends Showing {
        Status() {
            super("/v1/jobs", JobCommand::describe);
        }

        /** The job with its tasks under {@code tasks}. */
        @Override
        JsonNode fetch(ApiClient client) {
            JsonNode job = super.fetch(client);
            if (!(job instanceof ObjectNode object)) {
                throw new CommandError("unexpected answer for job " + name + ": not an object");
            }
            ObjectNode withTasks = object.deepCopy();
            withTasks.set("tasks", client.list("/v1/tasks", Map.of("job", name)));
            return withTasks;
        }
    }

    @Command(name = "stop", description = "Stop a job: every task is stopped; the job stays listed as stopped.")
    static final class Stop extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.delete("/v1/jobs/" + ApiClient.segment(name));
            return "job " + name + " stopped";
        }
    }
}

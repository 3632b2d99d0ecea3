package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Context;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import io.layerx.cli.output.OutputOptions;
import io.layerx.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code layerx job plan FILE}: a dry run. Shows where each task would go and, for tasks that fit nowhere, how many
 * nodes each filter removed. Exits 0 when every task fits, 1 when some would wait.
 */
@Command(name = "plan", description = "Dry run: where the job's tasks would go now, and why any would not fit.")
final class JobPlanCommand implements Callable<Integer> {

    private static final List<Column> PLACEMENTS = List.of(
            new Column("SLOT", p -> Cells.text(p, "slot")),
            new Column("NODE", p -> Cells.text(p, "node")),
            new Column("CLUSTER", p -> Cells.text(p, "cluster")));

    private final Context context;

    @Mixin
    ApiOptions api;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "FILE", description = "The job file, or - for standard input")
    String file;

    JobPlanCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        byte[] content = JobFiles.read(context, file);
        try (ApiClient client = api.client()) {
            JsonNode plan = client.post("/v1/jobs/plan", JobFiles.contentType(file), content).body();
            output.printer().one(plan, JobPlanCommand::describe);
            return plan.path("unplaced").asInt() == 0 ? 0 : 1;
        }
    }

    static String describe(JsonNode plan) {
        List<String> filters = new ArrayList<>();
        plan.path("filtered").properties().forEach(e -> filters.add(e.getKey() + ": " + e.getValue().asInt() + " nodes"));
        List<String> problems = new ArrayList<>();
        plan.path("problems").forEach(p -> problems.add(p.asText()));
        List<String> preempted = new ArrayList<>();
        plan.path("preempted").forEach(p -> preempted.add(p.asText()));
        return new Description()
                .field("Placed", String.valueOf(plan.path("placements").size()))
                .field("Unplaced", Cells.text(plan, "unplaced"))
                .field("Nodes evaluated", Cells.text(plan, "evaluated"))
                .section("Placements", plan.path("placements").isEmpty() ? ""
                        : Table.of(PLACEMENTS, plan.path("placements")).render())
                .section("Nodes removed by filters", filters)
                .section("Why tasks would wait", problems)
                .section("Would preempt", preempted)
                .render();
    }
}

package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerx task resize ID [--cpu M] [--memory MIB] [--update-job]}: in place where the node has room, else by
 * migration; with {@code --update-job} the job's template too.
 */
@Command(name = "resize", description = "Change a running task's reservation: in place where its node has room, "
        + "else by moving it (start before stop) to a node that has.")
public final class TaskResizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--cpu", paramLabel = "MILLICORES", description = "The new cpu reservation")
    Long cpu;

    @Option(names = "--memory", paramLabel = "MIB", description = "The new memory reservation")
    Long memory;

    @Option(names = "--update-job", description = "The job's template takes the new size too (its other tasks keep "
            + "theirs and restart for nothing; the tasks it starts from now on get the new size)")
    boolean updateJob;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (cpu != null) body.put("cpu", cpu);
        if (memory != null) body.put("memory", memory);
        if (updateJob) body.put("updateJob", true);
        try (ApiClient client = api.client()) {
            JsonNode r = client.postJson("/v1/tasks/" + ApiClient.segment(id) + "/resize", body).body();
            JsonNode t = r.path("task");
            PrintWriter out = spec.commandLine().getOut();
            String size = Cells.cpu(t.path("resources")) + " cpu, " + Cells.memory(t.path("resources"));
            if (r.path("inPlace").asBoolean()) {
                out.printf("resized %s in place on %s to %s%n", id, t.path("node").asText(), size);
            } else {
                out.printf("no room on its node: moving %s to %s as %s with %s (the original stops once it runs)%n",
                        id, t.path("node").asText(), t.path("id").asText(), size);
            }
            if (updateJob) out.printf("job %s now starts its tasks with %s%n", t.path("job").asText(), size);
            out.flush();
        }
        return 0;
    }
}

package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerx job rightsize NAME [--apply]}: a VPA-like recommendation (lower bound, target, upper bound) from
 * what the job's tasks used; {@code --apply} resizes its running tasks in place to the target and updates the
 * template, restarting nothing.
 */
@Command(name = "rightsize", description = "Recommend a reservation from what the job's tasks used (target, lower and "
        + "upper bound, with the data seen); --apply resizes the running tasks in place and updates the template.")
public final class JobRightsizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--apply", description = "Resize the running tasks to the target in place, and the template")
    boolean apply;

    @Override
    public Integer call() {
        String path = "/v1/jobs/" + ApiClient.segment(name) + "/rightsize";
        try (ApiClient client = api.client()) {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode answer = apply ? client.postJson(path, Map.of()).body() : client.get(path);
            out.print(describe(answer.path("recommendation")));
            JsonNode image = answer.path("image");
            if (!image.isMissingNode()) {
                out.println("Image " + image.path("image").asText() + " (all its jobs):");
                out.print(describe(image.path("recommendation")));
            }
            for (JsonNode r : answer.path("resized")) {
                out.printf("resized %s %s to %dm cpu, %dMi%n", r.path("task").asText(),
                        r.path("inPlace").asBoolean() ? "in place" : "by moving it",
                        answer.path("recommendation").path("cpu").path("target").asLong(),
                        answer.path("recommendation").path("memory").path("target").asLong());
            }
        }
        return 0;
    }

    static String describe(JsonNode r) {
        JsonNode cpu = r.path("cpu");
        JsonNode mem = r.path("memory");
        return String.format("""
                        %-8s %10s %10s %10s %10s %10s
                        %-8s %10s %10s %10s %10s %10s
                        %-8s %10s %10s %10s %10s %10s
                        from %d samples of %d tasks, %s to %s
                        """,
                "", "RESERVED", "LOWER", "TARGET", "UPPER", "PEAK",
                "cpu", r.path("current").path("cpu").asLong() + "m", cpu.path("lower").asLong() + "m",
                cpu.path("target").asLong() + "m", cpu.path("upper").asLong() + "m", cpu.path("peak").asLong() + "m",
                "memory", r.path("current").path("memory").asLong() + "Mi", mem.path("lower").asLong() + "Mi",
                mem.path("target").asLong() + "Mi", mem.path("upper").asLong() + "Mi", mem.path("peak").asLong() + "Mi",
                r.path("samples").asInt(), r.path("tasks").asInt(), r.path("from").asText(), r.path("to").asText());
    }
}

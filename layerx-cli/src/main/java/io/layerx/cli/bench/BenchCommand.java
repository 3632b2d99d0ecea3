package io.layerx.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.output.Description;
import picocli.CommandLine.Command;

/**
 * {@code layerx bench start}: the one benchmark that needs the CLI's classpath (a server and a real agent in this
 * process). Every other scenario is {@code layerx bench SCENARIO}, which the launcher runs from the layerx-bench
 * module, and {@code layerx store bench} measures placement on etcd.
 */
@Command(name = "bench", description = "Benchmarks run in this process (the other scenarios: layerx bench --help).",
        subcommands = {BenchStartCommand.class, BenchSubmitCommand.class})
public final class BenchCommand {

    static String describe(JsonNode r) {
        Description d = new Description();
        r.properties().forEach(e -> d.field(e.getKey(), e.getValue().asText()));
        return d.render();
    }
}

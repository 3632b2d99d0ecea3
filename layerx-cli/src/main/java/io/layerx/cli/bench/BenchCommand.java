package io.layerx.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.output.Description;
import picocli.CommandLine.Command;

/**
 * {@code layerx bench start} and {@code layerx bench submit}: the benchmarks that need the CLI's classpath (a
 * server, and for {@code start} a real agent, in this process). Every other scenario is {@code layerx bench
 * SCENARIO}, which the launcher runs from the layerx-bench module, and {@code layerx store bench} measures
 * placement on etcd.
 */
@Command(name = "bench", description = "Benchmarks run in this process (the other scenarios: layerx bench --help).",
        subcommands = {BenchStartCommand.class, BenchSubmitCommand.class})
public final class BenchCommand {

    /** Only LayerX's warnings on the console while a bench runs: its info lines would drown the figures. */
    static void quiet() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.layerx"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    static String describe(JsonNode r) {
        Description d = new Description();
        r.properties().forEach(e -> d.field(e.getKey(), e.getValue().asText()));
        return d.render();
    }
}

package io.layerx.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.layerx.store.Codec;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerx bench SCENARIO}: the launcher script runs this class on the bench module's classpath (Fenzo and its
 * Mesos/protobuf 2.5 types stay out of the CLI's). Every scenario runs a real core in this process and prints its
 * figures, as text or as one JSON object ({@code -o json}).
 */
@Command(name = "layerx bench", mixinStandardHelpOptions = true,
        description = "Run a placement benchmark in this process and print its figures.",
        subcommands = {BenchCommands.Place.class, BenchCommands.C1m.class, BenchCommands.Spread.class,
                BenchCommands.AntiAffinity.class, BenchCommands.Affinity.class, BenchCommands.Preemption.class,
                BenchCommands.Latency.class, BenchCommands.Packing.class, BenchCommands.Scale.class,
                BenchCommands.Rebalance.class})
public final class BenchMain {

    /** How results are printed. */
    public enum Format { TEXT, JSON }

    /** Options every scenario takes. */
    static final class Output {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        Format format;

        /** Prints the figures to the command's output; exit code 0 when every task was placed, else 1. */
        int print(Map<String, Object> figures) {
            PrintWriter out = mixee.commandLine().getOut();
            if (format == Format.JSON) {
                out.println(json(figures));
            } else {
                figures.forEach((k, v) -> out.println(k + ": " + v));
            }
            out.flush();
            return Boolean.FALSE.equals(figures.get("complete")) ? 1 : 0;
        }
    }

    static String json(Map<String, Object> figures) {
        try {
            return Codec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line, as tests drive it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

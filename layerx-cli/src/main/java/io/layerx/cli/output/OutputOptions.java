package io.layerx.cli.output;

import io.layerx.cli.Context;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code -o table|json|yaml} for every listing and get. */
public final class OutputOptions {

    private final Context context;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, json or yaml (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    public OutputOptions(Context context) {
        this.context = context;
    }

    public Printer printer() {
        return new Printer(format, mixee.commandLine().getOut(), mixee.commandLine().getErr());
    }

    /** The time ages are measured to. */
    public Instant now() {
        return context.clock().instant();
    }
}

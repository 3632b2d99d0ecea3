package io.layerx.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
import io.layerx.cli.output.OutputOptions;
import io.layerx.store.Codec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerx bench start}: submit-to-running of a one-task exec job on a real agent, p50 and p99. */
@Command(name = "start", description = "Submit a one-task exec job RUNS times to a server and agent in this process;"
        + " time each from the submit until the task is running.")
public final class BenchStartCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--runs", defaultValue = "100", description = "Jobs to submit, one after another (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--command", split = " ", defaultValue = "sleep 3600",
            description = "The task's command, words split on spaces (default: ${DEFAULT-VALUE})")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 100_000) throw new CommandError("bench start: --runs must be between 1 and 100000, got " + runs);
        // the agent and server log every task at INFO; the bench prints only its figures
        BenchCommand.quiet();
        JsonNode json = Codec.mapper().valueToTree(StartBench.run(new StartBench.Params(runs, command)));
        output.printer().one(json, BenchCommand::describe);
        return 0;
    }
}

package io.layerx.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
import io.layerx.cli.output.OutputOptions;
import io.layerx.store.Codec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerx bench submit}: one-task jobs per second through the REST API of a server in this process. */
@Command(name = "submit", description = "Offer RATE one-task jobs per second over POST /v1/jobs (or, with --batch,"
        + " POST /v1/jobs/batch) to a server in this process (simulated nodes); report the jobs accepted and tasks"
        + " placed per second, and the answer's latency.")
public final class BenchSubmitCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--nodes", defaultValue = "10000", description = "Simulated nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--rate", defaultValue = "10000", description = "Jobs offered per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "How long jobs are offered (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2",
            description = "Requests of the first seconds are sent but not timed (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--in-flight", defaultValue = "512",
            description = "Requests outstanding at most; the offer waits beyond (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--batch", defaultValue = "1", description = "Jobs per request: 1 posts each to /v1/jobs, more"
            + " posts them together to /v1/jobs/batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (nodes < 1 || nodes > 100_000) problems.add("--nodes must be between 1 and 100000, got " + nodes);
        if (rate < 1 || rate > 100_000) problems.add("--rate must be between 1 and 100000, got " + rate);
        if (seconds < 1 || seconds > 3_600) problems.add("--seconds must be between 1 and 3600, got " + seconds);
        if (warmup < 0 || warmup >= seconds) problems.add("--warmup-seconds must be at least 0 and below --seconds, got " + warmup);
        if (inFlight < 1 || inFlight > 10_000) problems.add("--in-flight must be between 1 and 10000, got " + inFlight);
        if (batch < 1 || batch > 1000) problems.add("--batch must be between 1 and 1000, got " + batch);
        if (!problems.isEmpty()) throw new CommandError("bench submit: " + String.join("; ", problems));
        BenchCommand.quiet();
        JsonNode json = Codec.mapper().valueToTree(SubmitBench.run(new SubmitBench.Params(nodes, rate,
                Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), inFlight, batch)));
        output.printer().one(json, BenchCommand::describe);
        return 0;
    }
}

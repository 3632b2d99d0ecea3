package io.layerx.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
import io.layerx.cli.local.StoreOptions;
import io.layerx.cli.output.Description;
import io.layerx.cli.output.OutputOptions;
import io.layerx.model.Strategy;
import io.layerx.store.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerx bench SCENARIO}: benchmarks that run a real core in this process; results as JSON for the record. */
@Command(name = "bench", description = "Run a benchmark in this process and print its figures.",
        subcommands = {BenchCommand.Place.class, BenchCommand.Rebalance.class, BenchStartCommand.class})
public final class BenchCommand {

    /** {@code layerx bench place}: placements committed per second on a simulated pool. */
    @Command(name = "place", description = "Place TASKS tasks on NODES simulated nodes; count only committed placements.")
    static final class Place implements Callable<Integer> {

        @Mixin
        OutputOptions output;

        @Option(names = "--nodes", defaultValue = "5000", description = "Simulated nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--tasks", defaultValue = "100000", description = "Tasks to place (default: ${DEFAULT-VALUE})")
        int tasks;

        @Option(names = "--job-size", defaultValue = "1000", description = "Tasks per job (default: ${DEFAULT-VALUE})")
        int jobSize;

        @Option(names = "--brains", defaultValue = "2", description = "Brain workers planning in parallel (default: ${DEFAULT-VALUE})")
        int brains;

        @Option(names = "--strategy", defaultValue = "spread", description = "spread or binpack (default: ${DEFAULT-VALUE})")
        Strategy strategy;

        @Option(names = "--node-cpu", defaultValue = "4000", description = "Millicores per node (default: ${DEFAULT-VALUE})")
        long nodeCpu;

        @Option(names = "--node-memory", defaultValue = "16384", description = "MiB per node (default: ${DEFAULT-VALUE})")
        long nodeMemory;

        @Option(names = "--task-cpu", defaultValue = "100", description = "Millicores per task (default: ${DEFAULT-VALUE})")
        long taskCpu;

        @Option(names = "--task-memory", defaultValue = "128", description = "MiB per task (default: ${DEFAULT-VALUE})")
        long taskMemory;

        @Option(names = "--store", paramLabel = "embedded|etcd", defaultValue = "embedded",
                description = "The store under the core: embedded (a scratch folder) or etcd (a scratch prefix)"
                        + " (default: ${DEFAULT-VALUE})")
        String store;

        @Option(names = "--etcd-endpoints", paramLabel = "URL,URL", description = "etcd client URLs (with --store etcd)")
        String etcdEndpoints;

        @Override
        public Integer call() throws Exception {
            check();
            StoreOptions where = StoreOptions.of(store, etcdEndpoints);
            Map<String, Object> result = PlaceBench.run(new PlaceBench.Params(nodes, tasks, jobSize, brains, nodeCpu,
                    nodeMemory, taskCpu, taskMemory, strategy), where.choice());
            JsonNode json = Codec.mapper().valueToTree(result);
            output.printer().one(json, BenchCommand::describe);
            return Boolean.TRUE.equals(result.get("complete")) ? 0 : 1;
        }

        private void check() {
            List<String> bad = new ArrayList<>();
            if (nodes < 1 || nodes > 200_000) bad.add("--nodes must be between 1 and 200000, got " + nodes);
            if (tasks < 1) bad.add("--tasks must be at least 1, got " + tasks);
            if (jobSize < 1) bad.add("--job-size must be at least 1, got " + jobSize);
            if (brains < 1 || brains > 64) bad.add("--brains must be between 1 and 64, got " + brains);
            if (nodeCpu < 1 || nodeMemory < 1) bad.add("--node-cpu and --node-memory must be at least 1");
            if (taskCpu < 0 || taskMemory < 0) bad.add("--task-cpu and --task-memory must not be negative");
            if (!bad.isEmpty()) throw new CommandError("bench place: " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
        }
    }

    /** {@code layerx bench rebalance}: nodes the binpack rebalancer frees on a fragmented pool, within its budget. */
    @Command(name = "rebalance", description = "Fragment a simulated pool, then let the binpack rebalancer free nodes "
            + "within its budget of moves.")
    static final class Rebalance implements Callable<Integer> {

        @Mixin
        OutputOptions output;

        @Option(names = "--nodes", defaultValue = "100", description = "Simulated nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--tasks-per-job", defaultValue = "100",
                description = "Tasks of each of the four jobs (250, 500, 750, 1000 millicores) (default: ${DEFAULT-VALUE})")
        int tasksPerJob;

        @Option(names = "--moves-per-minute", defaultValue = "600", description = "The budget (default: ${DEFAULT-VALUE})")
        int movesPerMinute;

        @Option(names = "--limit", defaultValue = "120s", converter = io.layerx.cli.commands.DurationConverter.class,
                description = "Stop after this long even if moves go on (default: ${DEFAULT-VALUE})")
        java.time.Duration limit;

        @Override
        public Integer call() throws Exception {
            List<String> bad = new ArrayList<>();
            if (nodes < 1 || nodes > 100_000) bad.add("--nodes must be between 1 and 100000, got " + nodes);
            if (tasksPerJob < 1) bad.add("--tasks-per-job must be at least 1, got " + tasksPerJob);
            if (movesPerMinute < 1) bad.add("--moves-per-minute must be at least 1, got " + movesPerMinute);
            if (!bad.isEmpty()) throw new CommandError("bench rebalance: " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
            Map<String, Object> result = RebalanceBench.run(new RebalanceBench.Params(nodes, tasksPerJob, movesPerMinute, limit));
            output.printer().one(Codec.mapper().valueToTree(result), BenchCommand::describe);
            return 0;
        }
    }

    static String describe(JsonNode r) {
        Description d = new Description();
        r.properties().forEach(e -> d.field(e.getKey(), e.getValue().asText()));
        return d.render();
    }
}

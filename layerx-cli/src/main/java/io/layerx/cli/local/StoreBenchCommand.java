package io.layerx.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
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

/**
 * {@code layerx store bench}: the placement benchmark on the embedded store or on etcd, counted once durable. The
 * other scenarios (and Fenzo) are {@code layerx bench}, run from the layerx-bench module.
 */
@Command(name = "bench", description = "Place TASKS tasks on NODES simulated nodes over the chosen store (embedded "
        + "or etcd); count only committed placements.")
public final class StoreBenchCommand implements Callable<Integer> {

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
        Map<String, Object> result = StorePlaceBench.run(new StorePlaceBench.Params(nodes, tasks, jobSize, brains, nodeCpu,
                nodeMemory, taskCpu, taskMemory, strategy), where.choice());
        JsonNode json = Codec.mapper().valueToTree(result);
        output.printer().one(json, StoreBenchCommand::describe);
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
        if (!bad.isEmpty()) throw new CommandError("store bench: " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
    }

    private static String describe(JsonNode r) {
        Description d = new Description();
        r.properties().forEach(e -> d.field(e.getKey(), e.getValue().asText()));
        return d.render();
    }
}

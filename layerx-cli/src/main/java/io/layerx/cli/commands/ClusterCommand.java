package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerx cluster add|list|get}. */
@Command(name = "cluster", description = "Add and inspect clusters.",
        subcommands = {ClusterCommand.Add.class, ClusterCommand.ListClusters.class, ClusterCommand.Get.class,
                DrainCommand.Cluster.class})
public final class ClusterCommand {

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("NAME", c -> Cells.text(c, "name")),
                new Column("KIND", c -> Cells.text(c, "kind")),
                new Column("NODES", c -> Cells.text(c, "nodes")),
                new Column("READY", c -> Cells.text(c, "readyNodes")),
                new Column("CPU", c -> Cells.usage(c, "cpu")),
                new Column("MEM", c -> Cells.usage(c, "memory")),
                new Column("TASKS", c -> Cells.text(c, "tasks")),
                new Column("LABELS", c -> Cells.pairs(c.path("labels"))),
                new Column("AGE", c -> Cells.age(c, "created", now)));
    }

    static String describe(JsonNode c, Instant now) {
        return new Description()
                .field("Name", Cells.text(c, "name"))
                .field("Kind", Cells.text(c, "kind"))
                .field("Labels", Cells.pairs(c.path("labels")))
                .field("Settings", Cells.pairs(c.path("settings")))
                .field("Nodes", Cells.text(c, "readyNodes") + " ready of " + Cells.text(c, "nodes"))
                .field("CPU", Cells.usage(c, "cpu"))
                .field("Memory", Cells.usage(c, "memory"))
                .field("Tasks", Cells.text(c, "tasks"))
                .field("Created", Cells.text(c, "created") + " (" + Cells.age(c, "created", now) + " ago)")
                .render();
    }

    @Command(name = "add", description = "Add a cluster. Kinds: sim (simulated nodes that run nothing), docker "
            + "(Docker or Podman engines, one node each), kubernetes (a Kubernetes cluster's Ready nodes, tasks as pods).")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", paramLabel = "KIND", description = "The cluster kind: sim, docker, kubernetes or agent (nodes join it with layerx agent)")
        String kind;

        @Parameters(index = "1", paramLabel = "NAME", description = "The cluster's name, unique in the pool")
        String name;

        @Option(names = "--nodes", paramLabel = "N", description = "sim: how many nodes (required)")
        Integer nodes;

        @Option(names = "--cpu", paramLabel = "MILLICORES", description = "sim: CPU of each node (required)")
        Long cpu;

        @Option(names = "--memory", paramLabel = "MIB", description = "sim: memory of each node (required)")
        Long memory;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "docker: an engine, one node each: unix:///path/docker.sock or tcp://HOST:PORT;"
                        + " ?cpu=MILLICORES&memory=MIB&disk=MIB sets its capacity (default: the engine's). Repeatable")
        List<String> endpoints = new java.util.ArrayList<>();

        @Option(names = "--network", paramLabel = "MODE",
                description = "docker: the network mode of the containers, e.g. none or host (default: the engine's)")
        String network;

        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "kubernetes: the kubeconfig file of the cluster (its content is sent to the server; required)")
        java.nio.file.Path kubeconfig;

        @Option(names = "--context", paramLabel = "NAME", description = "kubernetes: the kubeconfig context (default: its current one)")
        String context;

        @Option(names = "--namespace", paramLabel = "NAME", description = "kubernetes: the namespace of LayerX's pods (default: default)")
        String namespace;

        @Option(names = "--disk", paramLabel = "MIB", defaultValue = "0", description = "Disk of each node")
        long disk;

        @Option(names = "--gpus", paramLabel = "N", description = "sim: GPU devices of each node (default: none)")
        Integer gpus;

        @Option(names = "--gpu-model", paramLabel = "MODEL",
                description = "sim: the model of those GPUs, node label gpu.model (default: sim-gpu)")
        String gpuModel;

        @Option(names = "--gpu-memory", paramLabel = "MIB", description = "sim: memory of each GPU (default: 16384)")
        Long gpuMemory;

        @Option(names = "--zones", paramLabel = "N",
                description = "Spread the nodes over this many zone labels, z1..zN (default: none)")
        Integer zones;

        @Option(names = "--labels", split = ",", paramLabel = "K=V", description = "Labels of the cluster")
        Map<String, String> labels = new LinkedHashMap<>();

        @Option(names = "--node-labels", split = ",", paramLabel = "K=V", description = "Labels of every node")
        Map<String, String> nodeLabels = new LinkedHashMap<>();

        @Option(names = "--start-delay", paramLabel = "DURATION", defaultValue = "200ms",
                converter = DurationConverter.class,
                description = "How long a simulated task takes to start (default: ${DEFAULT-VALUE})")
        Duration startDelay;

        @Option(names = "--usage-ratio", paramLabel = "RATIO",
                description = "sim: the share of its reservation a running task uses, 0 to 1 (each task its own share"
                        + " around it, seeded by its id; default: no use reported)")
        Double usageRatio;

        @Option(names = "--cpu-overcommit-by-use",
                description = "Place tasks on cpu that running tasks reserve but have not used lately (reservation less"
                        + " recent peak and a margin); memory is never over-committed (default: off)")
        boolean cpuOvercommitByUse;

        @Override
        public Integer call() {
            checkOptions();
            try (ApiClient client = api.client()) {
                JsonNode c = client.postJson("/v1/clusters", body()).body();
                spec.commandLine().getOut().printf("cluster %s added (%s nodes)%n",
                        Cells.orDash(Cells.text(c, "name")), Cells.orDash(Cells.text(c, "nodes")));
            }
            return 0;
        }

        private void checkOptions() {
            List<String> missing = new java.util.ArrayList<>();
            switch (kind) {
                case "sim" -> {
                    if (nodes == null) missing.add("--nodes");
                    if (cpu == null) missing.add("--cpu");
                    if (memory == null) missing.add("--memory");
                }
                case "docker" -> {
                    if (endpoints.isEmpty()) missing.add("--endpoint");
                }
                case "kubernetes" -> {
                    if (kubeconfig == null) missing.add("--kubeconfig");
                }
                case "agent" -> { }
                default -> throw new ParameterException(spec.commandLine(),
                        "unknown cluster kind '" + kind + "' (kinds: sim, docker, kubernetes, agent)");
            }
            if (!missing.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "a " + kind + " cluster needs " + String.join(", ", missing));
            }
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("kind", kind);
            body.put("labels", labels);
            if (cpuOvercommitByUse) body.put("cpuOvercommitByUse", true);
            if (kind.equals("docker")) {
                body.put("endpoints", endpoints);
                if (network != null) body.put("network", network);
                return body;
            }
            if (kind.equals("kubernetes")) {
                body.put("kubeconfig", KubeconfigFile.read(spec.commandLine(), kubeconfig));
                if (context != null) body.put("context", context);
                if (namespace != null) body.put("namespace", namespace);
                return body;
            }
            if (kind.equals("agent")) return body;
            body.put("nodes", nodes);
            body.put("cpu", cpu);
            body.put("memory", memory);
            body.put("disk", disk);
            if (zones != null) body.put("zones", zones);
            if (gpus != null) body.put("gpus", gpus);
            if (gpuModel != null) body.put("gpuModel", gpuModel);
            if (gpuMemory != null) body.put("gpuMemory", gpuMemory);
            body.put("nodeLabels", nodeLabels);
            body.put("startDelayMs", startDelay.toMillis());
            if (usageRatio != null) body.put("usageRatio", usageRatio);
            return body;
        }
    }

    @Command(name = "list", aliases = "ls", description = "List clusters.")
    static final class ListClusters extends Listing {
        ListClusters() {
            super("/v1/clusters", "clusters", ClusterCommand::columns);
        }
    }

    @Command(name = "get", description = "Show one cluster.")
    static final class Get extends Showing {
        Get() {
            super("/v1/clusters", ClusterCommand::describe);
        }
    }
}

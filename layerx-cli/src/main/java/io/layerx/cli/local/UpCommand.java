package io.layerx.cli.local;

import io.layerx.agent.Agent;
import io.layerx.cli.Context;
import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.server.LayerXServer;
import io.layerx.service.ClusterView;
import io.layerx.service.ControlPlane;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerx up}: everything in one process for a first look. A server on loopback with two simulated clusters,
 * sim-a and sim-b, and the agent cluster {@code local} whose one node runs real processes here ({@link LocalAgent}),
 * then the commands to try next.
 */
@Command(name = "up", description = "Run a local LayerX with two simulated clusters (sim-a, sim-b) and a local agent"
        + " cluster (real processes on this machine) for a first look.")
public final class UpCommand implements Callable<Integer> {

    /** The clusters of a first look: 8 nodes of 4 cores, 8 GiB and 100 GiB disk each; their nodes get the zone. */
    static final List<Cluster> SIM_CLUSTERS = List.of(sim("sim-a", "z1"), sim("sim-b", "z2"));

    private final Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where to keep the state and the admin token (default: ~/.layerx/up)")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7470",
            converter = ListenAddress.Converter.class,
            description = "Where to serve the API (default: ${DEFAULT-VALUE})")
    ListenAddress listen;

    @Option(names = "--docker-api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7475",
            converter = ListenAddress.Converter.class,
            description = "Where to serve the Docker Engine API for the docker CLI (default: ${DEFAULT-VALUE})")
    ListenAddress dockerApi;

    @Option(names = "--kube-api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7476",
            converter = ListenAddress.Converter.class,
            description = "Where to serve the Kubernetes API for kubectl; DATA/kubeconfig holds it with the admin"
                    + " token (default: ${DEFAULT-VALUE})")
    ListenAddress kubeApi;

    @Option(names = "--mesos-api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5050",
            converter = ListenAddress.Converter.class,
            description = "Where to serve the Mesos v1 scheduler API for Mesos frameworks, without authentication"
                    + " (keep it on loopback; default: ${DEFAULT-VALUE})")
    ListenAddress mesosApi;

    UpCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path dir = (data == null ? context.upDataDir() : data).toAbsolutePath().normalize();
        LayerXServer server = Foreground.start(dir, listen, dockerApi, kubeApi, mesosApi);
        List<String> added = new ArrayList<>(addMissingClusters(server.controlPlane()));
        if (LocalAgent.addCluster(server)) added.add(LocalAgent.CLUSTER);
        Agent agent;
        try {
            agent = LocalAgent.start(server, dir);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        printBanner(server, dir, added, agent);
        Foreground.runUntilStopped(System.err, agent, server);
        return 0;
    }

    /** Adds the simulated clusters that are not there yet; returns the names of those it added. */
    static List<String> addMissingClusters(ControlPlane controlPlane) {
        Set<String> existing = controlPlane.clusters().stream().map(v -> v.cluster().name())
                .collect(Collectors.toSet());
        return SIM_CLUSTERS.stream().filter(c -> !existing.contains(c.name())).filter(c -> add(controlPlane, c))
                .map(Cluster::name).toList();
    }

    private static boolean add(ControlPlane controlPlane, Cluster cluster) {
        try {
            ClusterView added = controlPlane.addCluster(cluster);
            return added != null;
        } catch (LayerXException.Conflict e) {
            return false;
        }
    }

    private void printBanner(LayerXServer server, Path dir, List<String> added, Agent agent) {
        String layerx = context.env("LAYERX_COMMAND", "layerx");
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("LayerX is up at " + server.address());
        out.println("  web UI:       " + server.address().resolve("/ui/") + " (sign in with the admin token)");
        out.println("  Docker API:   " + server.dockerApi() + " (docker -H " + server.dockerApi() + " run -d ...)");
        out.println("  Kubernetes:   " + server.kubeApi() + " (export KUBECONFIG=" + server.kubeconfig() + "; kubectl get nodes)");
        out.println("  Mesos API:    " + server.mesosApi() + " (the master of Mesos frameworks: python3 examples/mesos/framework.py --tasks 3)");
        out.println("  data folder:  " + dir);
        out.println("  admin token:  " + server.adminTokenFile());
        out.println("  clusters:     sim-a (8 nodes, zone z1), sim-b (8 nodes, zone z2)"
                + (added.isEmpty() ? "" : "; added " + String.join(", ", added)));
        out.println("                local (node " + agent.node() + ": an agent that runs real processes here;"
                + " cgroups " + agent.cgroups() + ")");
        out.println();
        out.println("Try, in another terminal:");
        out.println("  export LAYERX_ADDR=" + server.address());
        if (!dir.equals(context.upDataDir().toAbsolutePath().normalize())) {
            out.println("  export LAYERX_TOKEN=$(cat " + server.adminTokenFile() + ")");
        }
        out.println("  " + layerx + " cluster list");
        out.println("  " + layerx + " job run " + exampleFile("web.yaml"));
        out.println("  " + layerx + " task list --job web");
        out.println("  " + layerx + " job run " + exampleFile("hello.yaml") + "      # a real process on this machine");
        out.println("  " + layerx + " task list --job hello; " + layerx + " task logs TASK-ID");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    /** An example job file as the user can type it here: relative inside the repository, else absolute. */
    String exampleFile(String name) {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = Path.of(context.env("LAYERX_REPO", cwd.toString())).toAbsolutePath().resolve("examples")
                .resolve(name);
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }

    private static Cluster sim(String name, String zone) {
        Map<String, String> settings = Map.of("nodes", "8", "cpu", "4000", "memory", "8192", "disk", "102400",
                "startDelayMs", "200");
        return new Cluster(name, "sim", Map.of("zone", zone), settings, null);
    }
}

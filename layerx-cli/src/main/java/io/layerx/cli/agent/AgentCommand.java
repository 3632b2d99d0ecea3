package io.layerx.cli.agent;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.local.ListenAddress;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerx agent}: joins this machine to a LayerX server as a node and runs what it assigns, until SIGTERM. */
@Command(name = "agent", description = "Join this machine to LayerX as a node and run its tasks (exec, docker).")
public final class AgentCommand implements Callable<Integer> {

    private final Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL[,URL...]",
            description = "The LayerX server, or several servers of one installation comma-separated (env LAYERX_ADDR)")
    String server;

    @Option(names = "--join-token", paramLabel = "TOKEN",
            description = "A join token from `layerx token create --role agent` (env LAYERX_JOIN_TOKEN);"
                    + " not needed once the data folder holds the node's credential")
    String joinToken;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The agent cluster to join")
    String cluster;

    @Option(names = "--name", paramLabel = "NAME", description = "The node's name (default: the one the data folder keeps, else the host name and a short id"
                    + " of the data folder, so two agents on one host are two nodes)")
    String name;

    @Option(names = "--labels", split = ",", paramLabel = "K=V", description = "Labels of the node")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--cpu", paramLabel = "MILLICORES", defaultValue = "0",
            description = "CPU to offer (default: what the machine has)")
    long cpu;

    @Option(names = "--memory", paramLabel = "MIB", defaultValue = "0",
            description = "Memory to offer (default: what the machine has)")
    long memory;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the agent keeps its state and task logs"
            + " (default: ~/.layerx/agent)")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:0",
            converter = ListenAddress.Converter.class,
            description = "Where to serve task logs to the server (default: ${DEFAULT-VALUE}, a free port)")
    ListenAddress listen;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "The address the server reaches this agent at (default: the one it is reached from)")
    String advertise;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "The Docker or Podman engine of the docker driver (env DOCKER_HOST)")
    String dockerHost;

    @Option(names = "--task-pids", paramLabel = "N", defaultValue = "4096",
            description = "The most processes one task may have, where cgroups enforce it (default: ${DEFAULT-VALUE})")
    long taskPids;

    AgentCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Agent agent = start(config());
        PrintWriter out = spec.commandLine().getOut();
        out.println("LayerX agent: node " + agent.node() + " of cluster " + cluster
                + (agent.joined() ? " joined " : " will join when it answers: ")
                + String.join(",", serverUris().stream().map(URI::toString).toList())
                + "; task logs on port " + agent.logPort() + "; cgroups " + agent.cgroups());
        out.flush();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(agent::close));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    AgentConfig config() {
        Path dir = (data == null ? context.home().resolve(".layerx").resolve("agent") : data).toAbsolutePath().normalize();
        String token = joinToken != null ? joinToken : context.env("LAYERX_JOIN_TOKEN", null);
        return new AgentConfig(serverUris(), token, cluster, name, labels, cpu, memory,
                dir, listen.host(), listen.port(), advertise, dockerHost, taskPids);
    }

    private List<URI> serverUris() {
        String raw = server != null ? server : context.env(ApiOptions.ADDR_ENV, ApiOptions.DEFAULT_ADDR);
        return ApiOptions.parseList(raw);
    }

    static Agent start(AgentConfig config) {
        try {
            return Agent.start(config, InstantSource.system());
        } catch (java.io.IOException e) {
            throw new CommandError("cannot start the agent: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CommandError("cannot start the agent: " + e.getMessage());
        } catch (Exception e) {
            throw new CommandError("the server refused the agent: " + e.getMessage()
                    + (config.joinToken() == null && !e.getMessage().contains("--") ? " (give --join-token)" : ""));
        }
    }
}

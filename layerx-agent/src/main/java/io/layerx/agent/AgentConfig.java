package io.layerx.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an agent runs.
 *
 * @param servers    the LayerX server, or several servers of one installation (on etcd): the agent talks to the
 *                   first that answers and moves on to the next when it stops answering
 * @param name       the node's name (unique in the pool); {@code null} for the one the data folder keeps, else the
 *                   host name and the first characters of the agent's identity (made once per data folder)
 * @param cpu        millicores offered; 0 reads the machine
 * @param memory     MiB offered; 0 reads the machine
 * @param dataDir    where the agent keeps its identity, its tasks' records and their logs
 * @param listenHost where the agent serves task logs to the server
 * @param listenPort 0 picks a free port
 * @param advertise  the host the server reaches the agent at; {@code null} picks the address the agent reaches the
 *                   server from
 * @param dockerHost the Docker or Podman engine of the docker driver; {@code null} for {@code DOCKER_HOST}, else
 *                   the engine's default socket
 * @param taskPids   the most processes one task may have where cgroups can enforce it
 */
public record AgentConfig(List<URI> servers, String joinToken, String cluster, String name, Map<String, String> labels,
                          long cpu, long memory, Path dataDir, String listenHost, int listenPort, String advertise,
                          String dockerHost, long taskPids) {
    public AgentConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) throw new IllegalArgumentException("an agent needs a server address");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataDir, "dataDir");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        listenHost = listenHost == null || listenHost.isBlank() ? "0.0.0.0" : listenHost;
        taskPids = taskPids <= 0 ? 4096 : taskPids;
    }

    /** The first server given: the one the agent's identity is kept for. */
    public URI server() {
        return servers.getFirst();
    }
}

package io.layerx.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How an agent runs.
 *
 * @param name       the node's name (unique in the pool)
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
public record AgentConfig(URI server, String joinToken, String cluster, String name, Map<String, String> labels,
                          long cpu, long memory, Path dataDir, String listenHost, int listenPort, String advertise,
                          String dockerHost, long taskPids) {
    public AgentConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        listenHost = listenHost == null || listenHost.isBlank() ? "0.0.0.0" : listenHost;
        taskPids = taskPids <= 0 ? 4096 : taskPids;
    }
}

package io.layerx.cli.local;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.CommandError;
import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.server.LayerXServer;
import io.layerx.web.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The agent cluster of {@code layerx up}: cluster {@code local} with one node, {@code local-1}, an agent in the
 * same process that runs tasks as real processes on this machine (and containers on its Docker engine, if any). Its
 * folder is {@code DATA/agent}; the first start joins with a fresh join token, later ones with the node's credential
 * kept there. Stopping {@code up} stops the agent, not its tasks: the next {@code up} adopts them again.
 */
final class LocalAgent {

    static final String CLUSTER = "local";
    static final String NODE = "local-1";

    private LocalAgent() {
    }

    /** Adds the cluster if it is not there; true if it added it. */
    static boolean addCluster(LayerXServer server) {
        try {
            return server.controlPlane().addCluster(new Cluster(CLUSTER, "agent", Map.of(), Map.of(), null)) != null;
        } catch (LayerXException.Conflict e) {
            return false;
        }
    }

    static Agent start(LayerXServer server, Path dataDir) {
        Path dir = dataDir.resolve("agent");
        String joinToken = Files.exists(dir.resolve("agent.json")) ? null : server.tokens().create(Role.AGENT, "layerx up");
        AgentConfig config = new AgentConfig(List.of(server.address()), joinToken, CLUSTER, NODE, Map.of(), 0, 0, dir,
                "127.0.0.1", 0, "127.0.0.1", null, 0);
        try {
            return Agent.start(config, InstantSource.system());
        } catch (IOException e) {
            throw new CommandError("cannot start the local agent: " + e.getMessage());
        } catch (Exception e) {
            throw new CommandError("the server refused the local agent: " + e.getMessage());
        }
    }
}

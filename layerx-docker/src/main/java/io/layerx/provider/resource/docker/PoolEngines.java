package io.layerx.provider.resource.docker;

import io.layerx.provider.task.docker.ContainerEngines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engines of a {@link DockerProvider}'s nodes, as the Docker API sees them: logs and images. */
final class PoolEngines implements ContainerEngines {

    private static final Logger log = LoggerFactory.getLogger(PoolEngines.class);

    private final Map<String, EngineNode> nodes;

    PoolEngines(Map<String, EngineNode> nodes) {
        this.nodes = nodes;
    }

    @Override
    public Map<String, List<EngineImage>> images() {
        Map<String, List<EngineImage>> out = new LinkedHashMap<>();
        for (EngineNode n : new TreeMap<>(nodes).values()) {
            if (!n.reachable()) continue;
            try {
                out.put(n.name(), n.engine().images());
            } catch (RuntimeException e) {
                log.info("node {}: cannot list images: {}", n.name(), EngineErrors.message(e));
            }
        }
        return out;
    }

    @Override
    public boolean logs(String node, String taskId, LogOptions options, LogSink sink) {
        EngineNode n = nodes.get(node);
        if (n == null || n.engine().inspect(taskId).isEmpty()) return false;
        n.engine().logs(taskId, options, sink);
        return true;
    }
}

package io.layerx.provider.task.docker;

import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.service.ControlPlane;
import io.layerx.service.NodeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The images of the pool, as the engines of docker-cluster nodes list them. Names are compared as Docker resolves
 * them: {@code busybox} is {@code docker.io/library/busybox:latest}, podman's {@code localhost/x} is {@code x}.
 */
final class PoolImages {

    private final ControlPlane controlPlane;
    private final ContainerEngines engines;

    PoolImages(ControlPlane controlPlane, ContainerEngines engines) {
        this.controlPlane = controlPlane;
        this.engines = engines;
    }

    /** Every image of every engine, merged by id: the tags of all engines, and the nodes that hold it. */
    List<PoolImage> list() {
        Map<String, PoolImage> byId = new LinkedHashMap<>();
        engines.images().forEach((node, list) -> {
            for (ContainerEngines.EngineImage i : list) {
                PoolImage known = byId.get(i.id());
                Set<String> tags = new TreeSet<>(i.repoTags());
                Set<String> nodes = new TreeSet<>(List.of(node));
                if (known != null) {
                    tags.addAll(known.tags());
                    nodes.addAll(known.nodes());
                }
                byId.put(i.id(), new PoolImage(i, List.copyOf(tags), List.copyOf(nodes)));
            }
        });
        return List.copyOf(byId.values());
    }

    /** One image of the pool. */
    record PoolImage(ContainerEngines.EngineImage image, List<String> tags, List<String> nodes) {
    }

    /** The nodes whose engine holds {@code image} (a name, or an id or its prefix). */
    List<String> nodesWith(String image) {
        String wanted = normal(image);
        List<String> out = new ArrayList<>();
        engines.images().forEach((node, list) -> {
            for (ContainerEngines.EngineImage i : list) {
                boolean byId = image.length() >= 12 && (i.id().startsWith(image) || i.id().startsWith("sha256:" + image));
                if (byId || i.repoTags().stream().anyMatch(t -> normal(t).equals(wanted))) {
                    out.add(node);
                    break;
                }
            }
        });
        return out;
    }

    /**
     * Refuses (404, as dockerd does, so that the docker CLI says it cannot find the image) an image that no engine
     * holds, when every node that runs docker images has an engine LayerX can ask; nodes of other kinds (agents,
     * simulated nodes) may hold any image.
     */
    void check(String image) {
        if (!nodesWith(image).isEmpty()) return;
        Set<String> withEngines = engines.images().keySet();
        for (NodeView v : controlPlane.nodes(null)) {
            Node n = v.node();
            boolean runsDocker = "true".equals(n.labels().get(Node.driverLabel("docker")));
            if (runsDocker && n.state() == NodeState.READY && !withEngines.contains(n.name())) return;
        }
        throw new DockerApiError(404, "No such image: " + normal(image));
    }

    /** {@code busybox} → {@code busybox:latest}; registry prefixes docker.io/library/, docker.io/, localhost/ dropped. */
    static String normal(String image) {
        String s = image.strip();
        for (String prefix : List.of("docker.io/library/", "docker.io/", "index.docker.io/library/", "localhost/")) {
            if (s.startsWith(prefix)) s = s.substring(prefix.length());
        }
        int slash = s.lastIndexOf('/');
        if (s.indexOf(':', slash + 1) < 0 && !s.contains("@")) s = s + ":latest";
        return s;
    }
}

package io.layerx.provider.task.docker;

import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.service.NodeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /version}, {@code /info} (the whole pool seen as one engine) and {@code /images/json}. */
final class SystemJson {

    static final String API_VERSION = "1.41";
    static final String MIN_API_VERSION = "1.24";
    static final String VERSION = "layerx-0.1.0";

    private SystemJson() {
    }

    static Map<String, Object> version() {
        Map<String, Object> details = Map.of("ApiVersion", API_VERSION, "MinAPIVersion", MIN_API_VERSION,
                "Os", "linux", "Arch", "amd64");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Platform", Map.of("Name", "LayerX"));
        m.put("Components", List.of(Map.of("Name", "Engine", "Version", VERSION, "Details", details)));
        m.put("Version", VERSION);
        m.put("ApiVersion", API_VERSION);
        m.put("MinAPIVersion", MIN_API_VERSION);
        m.put("GitCommit", "");
        m.put("GoVersion", "java" + Runtime.version().feature());
        m.put("Os", "linux");
        m.put("Arch", "amd64");
        m.put("KernelVersion", System.getProperty("os.version", ""));
        m.put("BuildTime", "");
        return m;
    }

    /** The pool as one engine: nodes and their capacity, containers by state, images of every engine. */
    static Map<String, Object> info(List<NodeView> nodes, List<Container> containers, int images) {
        Resources total = Resources.ZERO;
        List<List<String>> status = new ArrayList<>();
        int ready = 0;
        for (NodeView v : nodes) {
            if (v.node().state() == NodeState.READY) {
                total = total.plus(v.node().capacity());
                ready++;
            }
        }
        status.add(List.of("Nodes", Integer.toString(nodes.size())));
        status.add(List.of("Ready nodes", Integer.toString(ready)));
        for (NodeView v : nodes) {
            status.add(List.of(" " + v.node().name(), v.node().cluster() + " (" + v.node().provider() + "), "
                    + v.node().state().name().toLowerCase(java.util.Locale.ROOT)));
        }
        long running = containers.stream().filter(c -> c.state().equals("running")).count();
        long stopped = containers.stream().filter(c -> c.state().equals("exited")).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", "layerx");
        m.put("Containers", containers.size());
        m.put("ContainersRunning", running);
        m.put("ContainersPaused", 0);
        m.put("ContainersStopped", stopped);
        m.put("Images", images);
        m.put("Driver", "layerx");
        m.put("DriverStatus", List.of());
        m.put("SystemStatus", status);
        m.put("NCPU", (int) Math.max(1, total.cpu() / 1000));
        m.put("MemTotal", total.memory() * 1024 * 1024);
        m.put("Name", "layerx");
        m.put("ServerVersion", VERSION);
        m.put("OperatingSystem", "LayerX pool of " + ready + " ready node" + (ready == 1 ? "" : "s"));
        m.put("OSType", "linux");
        m.put("Architecture", "x86_64");
        m.put("KernelVersion", System.getProperty("os.version", ""));
        m.put("Labels", List.of());
        m.put("Swarm", Map.of("LocalNodeState", "inactive", "NodeID", "", "NodeAddr", ""));
        m.put("Plugins", Map.of("Volume", List.of(), "Network", List.of(), "Log", List.of()));
        m.put("SecurityOptions", List.of());
        m.put("Warnings", List.of());
        return m;
    }

    /** {@code docker images}: one line per image id, with the tags of every engine and a label naming its nodes. */
    static List<Map<String, Object>> images(List<PoolImages.PoolImage> images) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PoolImages.PoolImage p : images) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", p.image().id());
            m.put("ParentId", "");
            m.put("RepoTags", p.tags());
            m.put("RepoDigests", List.of());
            m.put("Created", p.image().created());
            m.put("Size", p.image().size());
            m.put("SharedSize", -1);
            m.put("VirtualSize", p.image().size());
            Map<String, String> labels = new LinkedHashMap<>(p.image().labels());
            labels.put("io.layerx.nodes", String.join(",", p.nodes()));
            m.put("Labels", labels);
            m.put("Containers", -1);
            out.add(m);
        }
        return out;
    }

    /** {@code docker image inspect}: the image as its engines list it, and the nodes that hold it. */
    static Map<String, Object> image(PoolImages.PoolImage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", p.image().id());
        m.put("RepoTags", p.tags());
        m.put("RepoDigests", List.of());
        m.put("Created", java.time.Instant.ofEpochSecond(p.image().created()).toString());
        m.put("Size", p.image().size());
        m.put("Os", "linux");
        m.put("Architecture", "amd64");
        m.put("Config", Map.of("Labels", p.image().labels()));
        m.put("Nodes", p.nodes());
        return m;
    }
}

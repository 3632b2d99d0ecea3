package io.layerx.provider.task.docker;

import io.layerx.model.PortRequest;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.service.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Containers in the Docker API's JSON shapes: a line of {@code GET /containers/json} and {@code inspect}. */
final class ContainerJson {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerJson() {
    }

    /** A line of {@code docker ps}. */
    static Map<String, Object> summary(Container c, InstantSource clock) {
        TaskSpec spec = c.job().task();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of("/" + c.name()));
        m.put("Image", spec.image());
        m.put("ImageID", "");
        m.put("Command", String.join(" ", spec.command()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", ports(c));
        m.put("Labels", userLabels(c));
        m.put("State", c.state());
        m.put("Status", status(c, clock.instant()));
        m.put("HostConfig", Map.of("NetworkMode", "default"));
        m.put("NetworkSettings", Map.of("Networks", Map.of()));
        m.put("Mounts", List.of());
        return m;
    }

    /** The labels the user gave; LayerX's own ({@code io.layerx.*}) stay hidden. */
    static Map<String, String> userLabels(Container c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.job().labels().forEach((k, v) -> {
            if (!k.startsWith("io.layerx.")) out.put(k, v);
        });
        return out;
    }

    private static List<Map<String, Object>> ports(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Integer> assigned = c.task() == null ? Map.of() : c.task().ports();
        for (PortRequest p : c.job().task().ports()) {
            String[] portProto = p.label().split("/");
            Map<String, Object> m = new LinkedHashMap<>();
            Integer host = assigned.get(p.label());
            if (host != null) {
                m.put("IP", "0.0.0.0");
                m.put("PublicPort", host);
            }
            m.put("PrivatePort", Integer.parseInt(portProto[0]));
            m.put("Type", portProto.length > 1 ? portProto[1] : "tcp");
            out.add(m);
        }
        return out;
    }

    static String status(Container c, Instant now) {
        return switch (c.state()) {
            case "running" -> "Up " + human(Duration.between(c.task().updated(), now));
            case "restarting" -> "Restarting (" + c.exitCode() + ") " + human(Duration.between(updated(c), now)) + " ago";
            case "exited" -> "Exited (" + c.exitCode() + ") " + human(Duration.between(updated(c), now)) + " ago";
            default -> "Created";
        };
    }

    private static Instant updated(Container c) {
        return c.task() == null ? c.created() : c.task().updated();
    }

    /** Docker's rounding: "Less than a second", "5 seconds", "3 minutes", "2 hours", "4 days". */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 1) return "Less than a second";
        if (s < 60) return s == 1 ? "1 second" : s + " seconds";
        if (s < 3600) return s / 60 == 1 ? "About a minute" : s / 60 + " minutes";
        if (s < 86_400) return s / 3600 == 1 ? "About an hour" : s / 3600 + " hours";
        return s / 86_400 + " days";
    }

    /**
     * {@code docker inspect}: the engine's shape, plus {@code Node} for where it runs, in the shape of Swarm classic's
     * ContainerNode, which docker CLIs still decode.
     */
    static Map<String, Object> inspect(Container c, NodeView node) {
        TaskSpec spec = c.job().task();
        Task t = c.task();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Created", c.created().toString());
        m.put("Path", spec.command().isEmpty() ? "" : spec.command().getFirst());
        m.put("Args", spec.command().isEmpty() ? List.of() : spec.command().subList(1, spec.command().size()));
        m.put("State", state(c));
        m.put("Image", spec.image());
        m.put("Name", "/" + c.name());
        m.put("RestartCount", t == null ? 0 : t.attempt());
        m.put("Driver", "layerx");
        m.put("Platform", "linux");
        m.put("HostConfig", hostConfig(c));
        m.put("Config", config(c));
        m.put("NetworkSettings", Map.of("Ports", networkPorts(c), "Networks", Map.of()));
        m.put("Mounts", List.of());
        if (node != null) m.put("Node", node(node));
        return m;
    }

    private static Map<String, Object> state(Container c) {
        Task t = c.task();
        Map<String, Object> s = new LinkedHashMap<>();
        String state = c.state();
        s.put("Status", state);
        s.put("Running", state.equals("running"));
        s.put("Paused", false);
        s.put("Restarting", state.equals("restarting"));
        s.put("OOMKilled", t != null && t.reason().toLowerCase(java.util.Locale.ROOT).contains("oom"));
        s.put("Dead", false);
        s.put("Pid", 0);
        s.put("ExitCode", c.exitCode());
        s.put("Error", t != null && t.state().terminal() ? t.reason() : "");
        s.put("StartedAt", t != null && t.state() != io.layerx.model.TaskState.PENDING ? t.created().toString() : ZERO_TIME);
        s.put("FinishedAt", t != null && t.state().terminal() ? t.updated().toString() : ZERO_TIME);
        return s;
    }

    private static Map<String, Object> hostConfig(Container c) {
        var r = c.job().task().resources();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Memory", r.memory() * 1024 * 1024);
        h.put("NanoCpus", r.cpu() * 1_000_000);
        h.put("NetworkMode", "default");
        h.put("RestartPolicy", Map.of("Name", c.job().type() == io.layerx.model.JobType.SERVICE ? "always" : "no",
                "MaximumRetryCount", c.job().maxRetries()));
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (PortRequest p : c.job().task().ports()) {
            bindings.put(p.label(), List.of(Map.of("HostIp", "", "HostPort", p.dynamic() ? "" : Integer.toString(p.value()))));
        }
        h.put("PortBindings", bindings);
        return h;
    }

    private static Map<String, Object> config(Container c) {
        TaskSpec spec = c.job().task();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Hostname", "");
        cfg.put("Image", spec.image());
        cfg.put("Cmd", spec.command());
        cfg.put("Env", spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
        cfg.put("Labels", userLabels(c));
        cfg.put("Tty", false);
        cfg.put("OpenStdin", false);
        cfg.put("AttachStdout", false);
        cfg.put("AttachStderr", false);
        return cfg;
    }

    private static Map<String, Object> networkPorts(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> assigned = c.task() == null ? Map.of() : c.task().ports();
        for (PortRequest p : c.job().task().ports()) {
            Integer host = assigned.get(p.label());
            out.put(p.label(), host == null ? null : List.of(Map.of("HostIp", "0.0.0.0", "HostPort", host.toString())));
        }
        return out;
    }

    private static Map<String, Object> node(NodeView v) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("ID", v.node().name());
        n.put("Name", v.node().name());
        n.put("Cluster", v.node().cluster());
        n.put("Addr", v.node().address());
        n.put("IP", "");
        n.put("Cpus", (int) Math.ceil(v.node().capacity().cpu() / 1000.0)); // an int in Swarm's ContainerNode
        n.put("Memory", v.node().capacity().memory() * 1024 * 1024);
        n.put("Labels", v.node().labels());
        return n;
    }
}

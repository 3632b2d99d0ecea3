package io.layerx.provider.task.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.model.JobValidator;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /containers/create} as LayerX reads it: image, command, environment, labels, memory, CPUs,
 * published ports and the restart policy; Swarm-classic placement hints ({@code constraint:...} and
 * {@code affinity:...} environment entries, {@code com.docker.swarm.*} labels) are taken out of the environment and
 * the labels. Every other option must be left at its default: one that is set is refused, named by its docker flag.
 *
 * @param hints the placement hints, in the Swarm syntax ({@code constraint:node==n1}, {@code affinity:image==~x})
 */
record ContainerRequest(String name, String image, List<String> command, Map<String, String> env,
                        Map<String, String> labels, Resources resources, List<PortRequest> ports, Restart restart,
                        List<String> hints) {

    static final String SWARM_CONSTRAINTS = "com.docker.swarm.constraints";
    static final String SWARM_AFFINITIES = "com.docker.swarm.affinities";
    private static final long MIB = 1024 * 1024;

    /** What happens when the container ends: never restarted, restarted on failure up to a count, or always. */
    record Restart(String policy, int maxRetries) {
        boolean always() {
            return policy.equals("always") || policy.equals("unless-stopped");
        }
    }

    private static final Set<String> SUPPORTED = Set.of("Image", "Cmd", "Env", "Labels", "ExposedPorts",
            "HostConfig.Memory", "HostConfig.NanoCpus", "HostConfig.PortBindings", "HostConfig.RestartPolicy",
            "HostConfig.NetworkMode", "NetworkingConfig");

    private static final String ATTACHED = "an attached run (LayerX runs containers detached: use docker run -d, "
            + "then docker logs -f)";
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("AttachStdout", ATTACHED), Map.entry("AttachStderr", ATTACHED),
            Map.entry("AttachStdin", "-a stdin"), Map.entry("OpenStdin", "-i"), Map.entry("Tty", "-t"),
            Map.entry("StdinOnce", "-i"), Map.entry("Entrypoint", "--entrypoint"), Map.entry("WorkingDir", "-w"),
            Map.entry("User", "-u"), Map.entry("Hostname", "-h"), Map.entry("Domainname", "--domainname"),
            Map.entry("Volumes", "-v"), Map.entry("Healthcheck", "--health-*"), Map.entry("StopSignal", "--stop-signal"),
            Map.entry("StopTimeout", "--stop-timeout"), Map.entry("HostConfig.Binds", "-v"),
            Map.entry("HostConfig.Mounts", "--mount"), Map.entry("HostConfig.Privileged", "--privileged"),
            Map.entry("HostConfig.AutoRemove", "--rm"), Map.entry("HostConfig.PidsLimit", "--pids-limit"),
            Map.entry("HostConfig.CpuShares", "--cpu-shares"), Map.entry("HostConfig.CpusetCpus", "--cpuset-cpus"),
            Map.entry("HostConfig.CpuQuota", "--cpu-quota (use --cpus)"), Map.entry("HostConfig.CpuPeriod", "--cpu-period (use --cpus)"),
            Map.entry("HostConfig.MemorySwap", "--memory-swap"), Map.entry("HostConfig.MemoryReservation", "--memory-reservation"),
            Map.entry("HostConfig.CapAdd", "--cap-add"), Map.entry("HostConfig.CapDrop", "--cap-drop"),
            Map.entry("HostConfig.Devices", "--device"), Map.entry("HostConfig.PublishAllPorts", "-P"),
            Map.entry("HostConfig.Links", "--link"), Map.entry("HostConfig.VolumesFrom", "--volumes-from"),
            Map.entry("HostConfig.ExtraHosts", "--add-host"), Map.entry("HostConfig.Dns", "--dns"),
            Map.entry("HostConfig.Ulimits", "--ulimit"), Map.entry("HostConfig.SecurityOpt", "--security-opt"),
            Map.entry("HostConfig.LogConfig", "--log-driver/--log-opt"), Map.entry("HostConfig.ReadonlyRootfs", "--read-only"),
            Map.entry("HostConfig.ShmSize", "--shm-size"), Map.entry("HostConfig.Init", "--init"));

    ContainerRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        hints = List.copyOf(hints);
    }

    /** Reads a create request; every problem and every unsupported option found makes one 400 naming them all. */
    static ContainerRequest read(String name, JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) throw DockerApiError.badRequest("the body must be a JSON object");
        unsupported(body, "", problems);
        String image = body.path("Image").asText("");
        if (image.isBlank()) problems.add("an image is required");
        List<String> hints = new ArrayList<>();
        Map<String, String> env = env(body.path("Env"), hints);
        Map<String, String> labels = labels(body.path("Labels"), hints, problems);
        JsonNode host = body.path("HostConfig");
        Resources resources = Resources.of(ceil(host.path("NanoCpus").asLong(0), 1_000_000),
                ceil(host.path("Memory").asLong(0), MIB));
        List<PortRequest> ports = ports(host.path("PortBindings"), problems);
        Restart restart = restart(host.path("RestartPolicy"), problems);
        String network = host.path("NetworkMode").asText("");
        if (!network.isEmpty() && !network.equals("default")) {
            problems.add("--network " + network + " is not supported: the cluster of the node chooses the network");
        }
        if (name != null && !JobValidator.NAME.matcher(name).matches()) {
            problems.add("container name '" + name + "' must be 1-63 lower-case letters, digits or '-', starting and "
                    + "ending with a letter or digit (it names the LayerX job)");
        }
        if (!problems.isEmpty()) {
            throw DockerApiError.badRequest("LayerX cannot run this container: "
                    + String.join("; ", new java.util.LinkedHashSet<>(problems)));
        }
        List<String> command = new ArrayList<>();
        body.path("Cmd").forEach(c -> command.add(c.asText()));
        return new ContainerRequest(name, image.strip(), command, env, labels, resources, ports, restart, hints);
    }

    private static long ceil(long value, long unit) {
        return value <= 0 ? 0 : (value + unit - 1) / unit;
    }

    /** Adds a problem for every option that is set to something other than its default and that LayerX ignores. */
    private static void unsupported(JsonNode node, String path, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (SUPPORTED.contains(at)) continue;
            if (at.equals("HostConfig")) {
                unsupported(e.getValue(), at, problems);
            } else if (!isDefault(at, e.getValue())) {
                String flag = FLAGS.get(at);
                problems.add(ATTACHED.equals(flag) ? ATTACHED + " is not supported"
                        : (flag == null ? at : flag + " (" + at + ")") + " is not supported");
            }
        }
    }

    private static boolean isDefault(String at, JsonNode v) {
        if (at.equals("HostConfig.MemorySwappiness")) return v.isNull() || v.asLong() == -1;
        if (v == null || v.isNull() || v.isMissingNode()) return true;
        if (v.isBoolean()) return !v.booleanValue();
        if (v.isNumber()) return v.asDouble() == 0;
        if (v.isTextual()) return v.asText().isEmpty();
        if (v.isArray() || v.isObject()) {
            for (JsonNode child : v) if (!isDefault("", child)) return false;
            return true;
        }
        return false;
    }

    private static Map<String, String> env(JsonNode env, List<String> hints) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : env) {
            String entry = e.asText();
            if (entry.startsWith("constraint:") || entry.startsWith("affinity:")) {
                hints.add(entry);
                continue;
            }
            int eq = entry.indexOf('=');
            out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode labels, List<String> hints, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        for (String key : List.of(SWARM_CONSTRAINTS, SWARM_AFFINITIES)) {
            String raw = out.get(key);
            if (raw == null) continue;
            String kind = key.equals(SWARM_CONSTRAINTS) ? "constraint:" : "affinity:";
            try {
                for (JsonNode h : DockerJson.MAPPER.readTree(raw)) hints.add(kind + h.asText());
            } catch (java.io.IOException | RuntimeException e) {
                problems.add("label " + key + " must be a JSON array of strings, e.g. [\"node==n1\"], got '" + raw + "'");
            }
        }
        if (out.keySet().stream().anyMatch(k -> k.startsWith("io.layerx."))) {
            problems.add("labels io.layerx.* are LayerX's own");
        }
        return out;
    }

    private static List<PortRequest> ports(JsonNode bindings, List<String> problems) {
        List<PortRequest> out = new ArrayList<>();
        bindings.properties().forEach(e -> {
            String containerPort = e.getKey().contains("/") ? e.getKey() : e.getKey() + "/tcp";
            if (!containerPort.matches("([1-9]\\d{0,4})/(tcp|udp|sctp)") || Integer.parseInt(containerPort.split("/")[0]) > 65535) {
                problems.add("-p: '" + e.getKey() + "' is not a container port (PORT or PORT/tcp|udp|sctp)");
                return;
            }
            JsonNode list = e.getValue();
            if (list.size() > 1) problems.add("-p: container port " + containerPort + " is published twice; publish it once");
            JsonNode b = list.isArray() && !list.isEmpty() ? list.get(0) : DockerJson.MAPPER.createObjectNode();
            String ip = b.path("HostIp").asText("");
            if (!ip.isEmpty() && !ip.equals("0.0.0.0") && !ip.equals("::")) {
                problems.add("-p " + ip + ":...: LayerX publishes ports on every address of the node; leave out the address");
            }
            String hostPort = b.path("HostPort").asText("");
            try {
                int port = hostPort.isEmpty() ? 0 : Integer.parseInt(hostPort);
                if (port < 0 || port > 65535) throw new NumberFormatException();
                out.add(new PortRequest(containerPort, port));
            } catch (NumberFormatException ex) {
                problems.add("-p: host port '" + hostPort + "' must be one port number (ranges are not supported)");
            }
        });
        return out;
    }

    private static Restart restart(JsonNode policy, List<String> problems) {
        String name = policy.path("Name").asText("");
        int count = policy.path("MaximumRetryCount").asInt(0);
        return switch (name) {
            case "", "no" -> new Restart("no", 0);
            case "always", "unless-stopped" -> new Restart(name, 0);
            case "on-failure" -> new Restart(name, count <= 0 ? io.layerx.model.Job.DEFAULT_MAX_RETRIES : count);
            default -> {
                problems.add("--restart " + name + " is not one of no, on-failure[:N], always, unless-stopped");
                yield new Restart("no", 0);
            }
        };
    }
}

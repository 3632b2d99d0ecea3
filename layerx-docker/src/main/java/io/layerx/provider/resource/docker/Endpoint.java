package io.layerx.provider.resource.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * One Docker Engine API endpoint of a docker cluster: {@code unix:///path/docker.sock} or {@code tcp://HOST:PORT},
 * optionally with the node's capacity given instead of taken from the engine's {@code /info}:
 * {@code tcp://127.0.0.1:2375?cpu=2000&memory=4096&disk=10240} (millicores, MiB, MiB).
 *
 * @param address the engine's address without the query
 * @param cpu     overrides the engine's CPU count (millicores), or {@code null}
 * @param memory  overrides the engine's memory (MiB), or {@code null}
 * @param disk    the node's disk (MiB), or {@code null} (none: the engine does not report it)
 */
public record Endpoint(URI address, Long cpu, Long memory, Long disk) {

    private static final Set<String> CAPACITY = Set.of("cpu", "memory", "disk");

    /** Reads one endpoint, adding every problem found to {@code problems}; {@code null} when it is unusable. */
    static Endpoint parse(String text, List<String> problems) {
        String raw = text.strip();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problems.add("endpoint '" + raw + "' is not a URI: " + e.getReason());
            return null;
        }
        int before = problems.size();
        URI address = address(raw, uri, problems);
        Long[] capacity = new Long[3];
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) capacity(raw, pair, capacity, problems);
        }
        return problems.size() > before ? null : new Endpoint(address, capacity[0], capacity[1], capacity[2]);
    }

    private static URI address(String raw, URI uri, List<String> problems) {
        String scheme = uri.getScheme();
        if ("unix".equals(scheme)) {
            String path = uri.getPath();
            if (path == null || !path.startsWith("/")) {
                problems.add("endpoint '" + raw + "' needs an absolute socket path, e.g. unix:///var/run/docker.sock");
                return null;
            }
            return URI.create("unix://" + path);
        }
        if ("tcp".equals(scheme)) {
            if (uri.getHost() == null || uri.getPort() < 1) {
                problems.add("endpoint '" + raw + "' needs a host and a port, e.g. tcp://127.0.0.1:2375");
                return null;
            }
            return URI.create("tcp://" + uri.getHost() + ":" + uri.getPort());
        }
        problems.add("endpoint '" + raw + "' must start with unix:// or tcp://");
        return null;
    }

    private static void capacity(String raw, String pair, Long[] out, List<String> problems) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (!CAPACITY.contains(key) || eq < 0) {
            problems.add("endpoint '" + raw + "': '" + pair + "' is not one of cpu=MILLICORES, memory=MIB, disk=MIB");
            return;
        }
        long value;
        try {
            value = Long.parseLong(pair.substring(eq + 1));
        } catch (NumberFormatException e) {
            problems.add("endpoint '" + raw + "': " + key + " must be a whole number, got '" + pair.substring(eq + 1) + "'");
            return;
        }
        if (value < 0) problems.add("endpoint '" + raw + "': " + key + " must be >= 0, got " + value);
        switch (key) {
            case "cpu" -> out[0] = value;
            case "memory" -> out[1] = value;
            default -> out[2] = value;
        }
    }

    /** The endpoint as a cluster setting holds it. */
    @Override
    public String toString() {
        StringBuilder q = new StringBuilder();
        if (cpu != null) q.append("&cpu=").append(cpu);
        if (memory != null) q.append("&memory=").append(memory);
        if (disk != null) q.append("&disk=").append(disk);
        return address + (q.isEmpty() ? "" : "?" + q.substring(1));
    }
}

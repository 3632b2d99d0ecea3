package io.layerx.store.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the etcd cluster is and where LayerX keeps its keys in it.
 *
 * @param endpoints      client URLs of the members, e.g. {@code http://127.0.0.1:2379}; any one that answers will do
 * @param prefix         every key of the store lives under it, e.g. {@code /layerx}; several installations can share
 *                       one etcd under different prefixes
 * @param requestTimeout how long one etcd call may take before it fails as unavailable
 */
public record EtcdOptions(List<URI> endpoints, String prefix, Duration requestTimeout) {
    public static final String DEFAULT_PREFIX = "/layerx";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public EtcdOptions {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        List<String> bad = problems(endpoints, prefix);
        if (!bad.isEmpty()) throw new IllegalArgumentException(String.join("; ", bad));
        prefix = normalize(prefix);
    }

    public EtcdOptions(List<URI> endpoints, String prefix) {
        this(endpoints, prefix, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Every problem of these settings at once (empty when they are usable). */
    public static List<String> problems(List<URI> endpoints, String prefix) {
        List<String> bad = new ArrayList<>();
        if (endpoints.isEmpty()) bad.add("at least one etcd endpoint is needed, e.g. http://127.0.0.1:2379");
        for (URI e : endpoints) {
            if (e.getHost() == null || e.getPort() < 0 || !"http".equals(e.getScheme())) {
                bad.add("etcd endpoint '" + e + "' must look like http://HOST:PORT");
            }
        }
        String p = prefix == null ? DEFAULT_PREFIX : prefix.strip();
        if (!p.startsWith("/") || normalize(p).length() < 2) {
            bad.add("etcd prefix '" + p + "' must start with '/' and name something, e.g. /layerx");
        }
        return bad;
    }

    /** Parses a comma-separated list of client URLs; a bare HOST:PORT gets {@code http://}. */
    public static List<URI> parseEndpoints(String text) {
        List<URI> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                out.add(URI.create(p.contains("://") ? p : "http://" + p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("etcd endpoint '" + p + "' is not a URL: " + e.getMessage());
            }
        }
        return out;
    }

    private static String normalize(String prefix) {
        String p = prefix == null ? DEFAULT_PREFIX : prefix.strip();
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }
}

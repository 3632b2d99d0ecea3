package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.layerx.model.Cluster;
import io.layerx.provider.resource.ClusterSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kubernetes cluster's settings: {@code kubeconfig} (the kubeconfig file's content, required), {@code context} (the
 * context to use; default: the file's current one), {@code namespace} (where LayerX creates its pods, default
 * {@code default}), {@code probeMs} (how often the API server is asked for its nodes, default 2000), {@code graceMs}
 * (how long the API server may not answer before the cluster's nodes are lost, default 10000) and {@code resyncMs}
 * (the informers' full resync of pods, default 30000).
 */
record KubeSettings(String kubeconfig, String context, String namespace, Duration probe, Duration grace,
                    Duration resync) {

    static final String KUBECONFIG = "kubeconfig";
    private static final Set<String> KNOWN = Set.of(KUBECONFIG, "context", "namespace", "probeMs", "graceMs", "resyncMs");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Reads the settings, adding every problem found to {@code problems}. */
    static KubeSettings read(Cluster c, List<String> problems) {
        Map<String, String> s = c.settings();
        for (String k : s.keySet()) {
            if (!KNOWN.contains(k)) {
                problems.add("unknown kubernetes setting '" + k + "' (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
        String kubeconfig = s.getOrDefault(KUBECONFIG, "");
        if (kubeconfig.isBlank()) problems.add("a kubernetes cluster needs a kubeconfig (layerx cluster add kubernetes NAME --kubeconfig FILE)");
        String context = blankToNull(s.get("context"));
        String namespace = blankToNull(s.get("namespace"));
        if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
            problems.add("namespace '" + namespace + "' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)");
        }
        long probe = ClusterSettings.number(s, "probeMs", 2000, 100, 60_000, problems);
        long grace = ClusterSettings.number(s, "graceMs", 10_000, 200, 600_000, problems);
        long resync = ClusterSettings.number(s, "resyncMs", 30_000, 1000, 3_600_000, problems);
        return new KubeSettings(kubeconfig, context, namespace == null ? "default" : namespace, Duration.ofMillis(probe),
                Duration.ofMillis(grace), Duration.ofMillis(resync));
    }

    /** The client configuration; {@code IllegalArgumentException} naming the problem when the kubeconfig is not usable. */
    Config config() {
        Config config;
        try {
            config = Config.fromKubeconfig(context, kubeconfig, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the kubeconfig cannot be read: " + KubeErrors.message(e), e);
        }
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new IllegalArgumentException("the kubeconfig has no context '" + context + "'");
        }
        config.setNamespace(namespace);
        // plain http (no TLS): HTTP/1.1, as the JDK client's h2c upgrade is not understood by every server
        if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http:")) config.setHttp2Disable(true);
        config.setConnectionTimeout((int) Math.min(5000, grace.toMillis()));
        config.setRequestTimeout((int) Math.min(5000, grace.toMillis()));
        config.setRequestRetryBackoffLimit(0);
        config.setWatchReconnectInterval((int) Math.min(1000, probe.toMillis()));
        return config;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}

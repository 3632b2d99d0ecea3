package io.layerx.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One resource provider instance.
 *
 * @param kind     the provider that serves it: {@code sim}, later {@code agent}, {@code docker}, {@code k8s}, ...
 * @param settings provider-specific settings, e.g. for {@code sim}: nodes, cpu, memory, disk, startDelayMs
 */
public record Cluster(String name, String kind, Map<String, String> labels, Map<String, String> settings, Instant created) {
    public Cluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}

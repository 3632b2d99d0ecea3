package io.layerx.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resource provider instance.
 *
 * @param kind     the provider that serves it: {@code sim}, later {@code agent}, {@code docker}, {@code k8s}, ...
 * @param settings provider-specific settings, e.g. for {@code sim}: nodes, cpu, memory, disk, startDelayMs
 * @param removed  nodes its settings describe that were removed ({@code layerx node remove}): not written again
 */
public record Cluster(String name, String kind, Map<String, String> labels, Map<String, String> settings, Instant created,
                      Set<String> removed) {
    public Cluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        removed = removed == null ? Set.of() : Set.copyOf(removed);
    }

    public Cluster(String name, String kind, Map<String, String> labels, Map<String, String> settings, Instant created) {
        this(name, kind, labels, settings, created, Set.of());
    }

    /** This cluster with {@code node} among its removed nodes. */
    public Cluster withRemoved(String node) {
        Set<String> r = new TreeSet<>(removed);
        r.add(node);
        return new Cluster(name, kind, labels, settings, created, r);
    }
}

package io.layerx.snapshot;

import io.layerx.model.Node;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Nodes that every constraint judges alike (same cluster, provider and labels), so a constraint is evaluated once
 * per class instead of once per node, as Nomad's computed node classes do.
 *
 * @param sample one member, for evaluating constraints
 * @param nodes  the names of the members (live set: read inside {@link StateCache#read} only)
 */
public record NodeClass(String key, Node sample, Set<String> nodes) {

    static String keyOf(Node n) {
        return n.cluster() + '\u0000' + n.provider() + '\u0000' + new TreeMap<>(n.labels());
    }

    static Map.Entry<String, Node> entry(Node n) {
        return Map.entry(keyOf(n), n);
    }
}

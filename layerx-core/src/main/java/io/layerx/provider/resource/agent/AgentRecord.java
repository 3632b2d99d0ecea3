package io.layerx.provider.resource.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * What the server keeps of a joined agent beside its node, under {@code /agents/<node>}: where it serves task logs
 * and the key the server presents there. Not part of the API's objects.
 */
public record AgentRecord(String node, String address, String logKey, Instant joined) {
    public AgentRecord {
        Objects.requireNonNull(node, "node");
        address = address == null ? "" : address;
        logKey = logKey == null ? "" : logKey;
    }

    public static String key(String node) {
        return "/agents/" + node;
    }
}

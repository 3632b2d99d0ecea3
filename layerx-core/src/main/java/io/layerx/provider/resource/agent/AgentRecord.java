package io.layerx.provider.resource.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * What the server keeps of a joined agent beside its node, under {@code /agents/<node>}: where it serves task logs,
 * the key the server presents there, and who holds the node. Not part of the API's objects.
 *
 * @param joined     when the agent holding the node joined it
 * @param agent      the identity of the agent holding the node ({@code ""}: an agent older than identities)
 * @param credential the SHA-256 (hex) of the node credential the holder uses ({@code ""}: not known)
 */
public record AgentRecord(String node, String address, String logKey, Instant joined, String agent,
                          String credential) {
    public AgentRecord {
        Objects.requireNonNull(node, "node");
        address = address == null ? "" : address;
        logKey = logKey == null ? "" : logKey;
        agent = agent == null ? "" : agent;
        credential = credential == null ? "" : credential;
    }

    public AgentRecord(String node, String address, String logKey, Instant joined) {
        this(node, address, logKey, joined, "", "");
    }

    public static String key(String node) {
        return "/agents/" + node;
    }
}

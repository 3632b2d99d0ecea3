package io.layerx.provider.resource.agent;

/**
 * What a join did.
 *
 * @param replaced   the SHA-256 (hex) of the node credential this join replaced, to revoke; {@code ""} if none
 * @param sameHolder the node was free or already held by the joining agent (not taken over from another)
 */
public record JoinOutcome(AgentProtocol.Joined joined, String replaced, boolean sameHolder) {
    public JoinOutcome {
        replaced = replaced == null ? "" : replaced;
    }
}

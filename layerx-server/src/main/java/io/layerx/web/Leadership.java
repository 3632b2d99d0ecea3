package io.layerx.web;

import java.net.URI;

/**
 * Who answers the API on this server. A server alone on its store always serves; of several servers on one etcd,
 * the leader serves and the others forward every {@code /v1} request to it, so any of them answers.
 */
public interface Leadership {

    /** Where a {@code /v1} request goes now. */
    sealed interface Route permits Serve, Forward, NoLeader {
    }

    /** This server answers. */
    record Serve() implements Route {
    }

    /** The leader at {@code leader} answers; this server passes the request on. */
    record Forward(URI leader) implements Route {
    }

    /** Nobody can answer yet (an election or a take-over is under way); {@code why} says which. */
    record NoLeader(String why) implements Route {
    }

    Route route();

    /** What {@code GET /v1/server} shows about this server. */
    ServerStatus status();

    /**
     * Returns once this server's own view has applied {@code revision} (after a write it forwarded, so that its own
     * reads show the write), or after a bounded wait.
     */
    default void awaitRevision(long revision) {
    }

    /**
     * This server's place among its peers.
     *
     * @param address            where this server serves
     * @param store              {@code embedded} or {@code etcd}
     * @param role               {@code leader}, {@code follower}, or {@code candidate} while nobody leads for it
     * @param leader             the leader's address, when known
     * @param electedAtRevision  the store revision at which this server's current term began (0 when not leading)
     * @param lastCommitRevision the newest revision this server's core committed at, in any of its terms (0 if none)
     */
    record ServerStatus(String address, String store, String role, String leader, long electedAtRevision,
                        long lastCommitRevision) {
    }

    /** A server alone on its store: it always serves. */
    static Leadership alone(URI address) {
        return new Leadership() {
            @Override
            public Route route() {
                return new Serve();
            }

            @Override
            public ServerStatus status() {
                return new ServerStatus(address.toString(), "embedded", "leader", address.toString(), 0, 0);
            }
        };
    }
}

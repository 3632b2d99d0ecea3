package io.layerx.server;

import io.layerx.store.etcd.EtcdOptions;
import java.time.Duration;
import java.util.Objects;

/** Where a server keeps its state: the embedded store in its data folder, or etcd shared with other servers. */
public sealed interface StoreChoice permits StoreChoice.Embedded, StoreChoice.Etcd {

    /** RocksDB in {@code DATA/store}; one server. */
    record Embedded() implements StoreChoice {
    }

    /**
     * etcd, shared by several servers of which one leads.
     *
     * @param electionTtl how long a silent leader keeps leading: about how long a take-over takes after it dies
     */
    record Etcd(EtcdOptions options, Duration electionTtl) implements StoreChoice {
        public static final Duration DEFAULT_ELECTION_TTL = Duration.ofSeconds(5);

        public Etcd {
            Objects.requireNonNull(options, "options");
            electionTtl = electionTtl == null ? DEFAULT_ELECTION_TTL : electionTtl;
        }

        public Etcd(EtcdOptions options) {
            this(options, DEFAULT_ELECTION_TTL);
        }
    }
}

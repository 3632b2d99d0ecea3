package io.layerx.server;

import io.layerx.store.Store;
import io.layerx.store.embedded.EmbeddedStore;
import io.layerx.store.etcd.EtcdOptions;
import io.layerx.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Where a server keeps its state: the embedded store in its data folder, or etcd shared with other servers. */
public sealed interface StoreChoice permits StoreChoice.Embedded, StoreChoice.Etcd {

    /**
     * Opens the store a server with this choice and data folder uses, for tools that work on it directly (export,
     * import, benchmarks). The embedded store cannot be opened while a server has it open.
     */
    Store open(Path dataDir);

    /** RocksDB in {@code DATA/store}; one server. */
    record Embedded() implements StoreChoice {
        @Override
        public Store open(Path dataDir) {
            return EmbeddedStore.open(dataDir.resolve("store"), LayerXServer.STORE_HISTORY);
        }
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

        @Override
        public Store open(Path dataDir) {
            return EtcdStore.open(options);
        }
    }
}

package io.layerx.store.etcd;

import io.layerx.store.Store;
import java.nio.file.Path;
import java.util.UUID;

/** One etcd member for a test class; each store it opens lives under a fresh random prefix, so it starts empty. */
final class EtcdStores implements AutoCloseable {

    private final EtcdCluster etcd;

    EtcdStores(Path dir) {
        this.etcd = EtcdCluster.start(dir, 1);
    }

    EtcdStore fresh() {
        return EtcdStore.open(new EtcdOptions(etcd.endpoints(), "/test-" + UUID.randomUUID()));
    }

    /** Opens a new client on the prefix of {@code closed}, as a restarted server would. */
    EtcdStore reopen(Store closed) {
        return EtcdStore.open(((EtcdStore) closed).options());
    }

    EtcdCluster etcd() {
        return etcd;
    }

    @Override
    public void close() {
        etcd.close();
    }
}

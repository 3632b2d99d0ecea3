package io.layerx.store.etcd;

import io.layerx.store.Store;
import io.layerx.store.StoreWatchConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store watch conformance suite, unchanged, against a real etcd. */
class EtcdStoreWatchTest extends StoreWatchConformanceTest {

    @RegisterExtension
    static final EtcdStores stores = new EtcdStores();

    @Override
    protected Store openStore() {
        return stores.fresh();
    }

    @Override
    protected Store reopen(Store closed) {
        return stores.reopen(closed);
    }
}

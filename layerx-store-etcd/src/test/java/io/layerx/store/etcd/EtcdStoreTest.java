package io.layerx.store.etcd;

import io.layerx.store.Store;
import io.layerx.store.StoreConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store conformance suite, unchanged, against a real etcd. */
class EtcdStoreTest extends StoreConformanceTest {

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

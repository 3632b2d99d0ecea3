package io.layerx.store.etcd;

import io.layerx.store.Store;
import io.layerx.store.StoreConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store conformance suite, unchanged, against a real etcd. */
class EtcdStoreTest extends StoreConformanceTest {

    @TempDir
    static Path dir;
    static EtcdStores stores;

    @BeforeAll
    static void startEtcd() {
        stores = new EtcdStores(dir);
    }

    @AfterAll
    static void stopEtcd() {
        stores.close();
    }

    @Override
    protected Store openStore() {
        return stores.fresh();
    }

    @Override
    protected Store reopen(Store closed) {
        return stores.reopen(closed);
    }
}

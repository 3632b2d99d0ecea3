package io.layerx.store.embedded;

import io.layerx.store.Store;
import io.layerx.store.StoreConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store conformance suite, unchanged, against the embedded store. */
class EmbeddedStoreTest extends StoreConformanceTest {

    @RegisterExtension
    final TempStores stores = new TempStores();

    @Override
    protected Store openStore() {
        return stores.fresh();
    }

    @Override
    protected Store reopen(Store closed) {
        return stores.reopen(closed);
    }
}

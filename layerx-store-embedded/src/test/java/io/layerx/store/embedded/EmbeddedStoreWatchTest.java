package io.layerx.store.embedded;

import io.layerx.store.Store;
import io.layerx.store.StoreWatchConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store watch conformance suite, unchanged, against the embedded store. */
class EmbeddedStoreWatchTest extends StoreWatchConformanceTest {

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

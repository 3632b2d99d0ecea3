package io.layerx.store.embedded;

import io.layerx.store.Store;
import io.layerx.store.StoreWatchConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreWatchTest extends StoreWatchConformanceTest {

    @TempDir
    Path root;

    @Override
    protected Store openStore() {
        return new TempStores(root).fresh();
    }

    @Override
    protected Store reopen(Store closed) {
        return new TempStores(root).reopen(closed);
    }
}

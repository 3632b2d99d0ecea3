package io.layerx.store.embedded;

import io.layerx.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens embedded stores in fresh folders under a test's temporary folder. */
final class TempStores {

    private final Path root;

    TempStores(Path root) {
        this.root = root;
    }

    EmbeddedStore fresh() {
        try {
            return EmbeddedStore.open(Files.createTempDirectory(root, "store-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EmbeddedStore reopen(Store closed) {
        return EmbeddedStore.open(((EmbeddedStore) closed).directory());
    }
}

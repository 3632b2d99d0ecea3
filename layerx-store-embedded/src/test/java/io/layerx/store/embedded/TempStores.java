package io.layerx.store.embedded;

import io.layerx.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Embedded stores in fresh folders under a temporary folder of each test, as a JUnit extension
 * ({@code @RegisterExtension final TempStores stores = new TempStores();}); the folder is deleted after the test,
 * once the test has closed its stores.
 */
final class TempStores implements BeforeEachCallback, AfterEachCallback {

    private Path root;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("embedded-stores-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    EmbeddedStore fresh() {
        try {
            return EmbeddedStore.open(Files.createTempDirectory(root, "store-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh store whose synced batches hold at most {@code maxGroupTxns} txns. */
    EmbeddedStore freshWithGroupsOf(int maxGroupTxns) {
        try {
            return EmbeddedStore.open(Files.createTempDirectory(root, "store-"), EmbeddedStore.DEFAULT_RETAINED_REVISIONS,
                    maxGroupTxns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EmbeddedStore reopen(Store closed) {
        return EmbeddedStore.open(((EmbeddedStore) closed).directory());
    }
}

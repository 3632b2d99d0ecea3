package io.layerx.store.etcd;

import io.layerx.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One etcd member for a test class, as a JUnit extension ({@code @RegisterExtension static final EtcdStores stores =
 * new EtcdStores();}): started before the class's tests in a fresh folder, stopped by PID and its folder deleted
 * after them. Each store it opens lives under a fresh random prefix, so it starts empty.
 */
final class EtcdStores implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private EtcdCluster etcd;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("etcd-stores-");
        etcd = EtcdCluster.start(dir, 1);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            etcd.close();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    EtcdStore fresh() {
        return EtcdStore.open(new EtcdOptions(etcd.endpoints(), "/test-" + UUID.randomUUID()));
    }

    /** Opens a new client on the prefix of {@code closed}, as a restarted server would. */
    EtcdStore reopen(Store closed) {
        return EtcdStore.open(((EtcdStore) closed).options());
    }
}

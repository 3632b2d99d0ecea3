package io.layerx.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.store.RecordingListener;
import io.layerx.store.Txn;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, closing and misuse of the embedded store. */
@SuppressWarnings("try") // watches are opened in try-with-resources only to be closed
class EmbeddedStoreLifecycleTest {

    private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void openCreatesTheFolder() {
        Path nested = dir.resolve("a/b/data");
        try (EmbeddedStore store = EmbeddedStore.open(nested)) {
            assertThat(store.revision()).isZero();
            assertThat(store.list("").items()).isEmpty();
        }
        assertThat(nested).isDirectory();
    }

    @Test
    void aFolderOpenTwiceIsUnavailable() {
        try (EmbeddedStore ignored = EmbeddedStore.open(dir)) {
            assertThatThrownBy(() -> EmbeddedStore.open(dir)).isInstanceOf(LayerXException.Unavailable.class);
        }
    }

    @Test
    void aClosedStoreIsUnavailableAndClosingAgainDoesNothing() {
        EmbeddedStore store = EmbeddedStore.open(dir);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get("/k")).isInstanceOf(LayerXException.Unavailable.class);
        assertThatThrownBy(() -> store.list("/")).isInstanceOf(LayerXException.Unavailable.class);
        assertThatThrownBy(() -> store.commit(Txn.builder().put("/k", VALUE).build()))
                .isInstanceOf(LayerXException.Unavailable.class);
        assertThatThrownBy(() -> store.watch("/", 0, new RecordingListener()))
                .isInstanceOf(LayerXException.Unavailable.class);
    }

    @Test
    void closingTheStoreStopsItsWatchesWithoutAnError() {
        RecordingListener listener = new RecordingListener();
        EmbeddedStore store = EmbeddedStore.open(dir);
        store.watch("/", 0, listener);
        store.commit(Txn.builder().put("/k", VALUE).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.batches().size() == 1);

        store.close();

        assertThat(listener.error()).isNull();
    }

    @Test
    void aTxnNamingAKeyInTwoOpsIsRefused() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThatThrownBy(() -> store.commit(Txn.builder().put("/k", VALUE).delete("/k").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/k");
            assertThatThrownBy(() -> store.commit(Txn.builder().put("", VALUE).build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.revision()).isZero();
        }
    }

    @Test
    void aListenerThatThrowsEndsItsWatchWithThatError() {
        IllegalStateException boom = new IllegalStateException("boom");
        RecordingListener seen = new RecordingListener();
        WatchListener failing = new WatchListener() {
            @Override
            public void onEvents(long revision, List<WatchEvent> events) {
                seen.onEvents(revision, events);
                throw boom;
            }

            @Override
            public void onError(Throwable error) {
                seen.onError(error);
            }
        };
        try (EmbeddedStore store = EmbeddedStore.open(dir); Watch ignored = store.watch("/", 0, failing)) {
            store.commit(Txn.builder().put("/a", VALUE).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.error() != null);
            store.commit(Txn.builder().put("/b", VALUE).build());

            assertThat(seen.error()).isSameAs(boom);
            assertThat(seen.keys()).containsExactly("/a");
            assertThat(seen.errorCount()).isEqualTo(1);
        }
    }

    @Test
    void theValueHandedToCommitIsCopied() {
        byte[] value = "before".getBytes(StandardCharsets.UTF_8);
        RecordingListener seen = new RecordingListener();
        try (EmbeddedStore store = EmbeddedStore.open(dir); Watch ignored = store.watch("/", 0, seen)) {
            store.commit(Txn.builder().put("/k", value).build());
            value[0] = 'X';

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.batches().size() == 1);
            assertThat(new String(seen.events().getFirst().kv().value(), StandardCharsets.UTF_8)).isEqualTo("before");
            assertThat(new String(store.get("/k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("before");
        }
    }
}

package io.layerx.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.store.CompactedException;
import io.layerx.store.RecordingListener;
import io.layerx.store.Txn;
import io.layerx.store.Watch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps a bounded history: the last N revisions, trimmed as commits go on. */
@SuppressWarnings("try") // watches are opened in try-with-resources only to be closed
class EmbeddedStoreRetentionTest {

    @TempDir
    Path dir;

    @Test
    void commitsTrimTheLogToTheRetainedRevisions() {
        try (EmbeddedStore store = EmbeddedStore.open(dir, 16)) {
            long last = putTimes(store, 100);

            assertThat(replayError(store, 1)).isInstanceOf(CompactedException.class);
            RecordingListener kept = new RecordingListener();
            try (Watch ignored = store.watch("/", last - 15, kept)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> kept.batches().size() == 16);
            }
            assertThat(kept.revisions())
                    .containsExactlyElementsOf(LongStream.rangeClosed(last - 15, last).boxed().toList());
            assertThat(store.get("/k").orElseThrow().version()).isEqualTo(100);
        }
    }

    @Test
    void theCompactionRevisionSurvivesAReopen() {
        long last;
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            last = putTimes(store, 10);
            store.compact(last - 2);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(replayError(store, last - 3)).isInstanceOf(CompactedException.class);
            RecordingListener kept = new RecordingListener();
            try (Watch ignored = store.watch("/", last - 2, kept)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> kept.batches().size() == 3);
            }
            assertThat(store.revision()).isEqualTo(last);
        }
    }

    @Test
    void compactingAgainOrBackwardsDoesNothingAndTheFutureIsRefused() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            long last = putTimes(store, 5);
            store.compact(last);
            store.compact(2);
            store.compact(last);

            assertThatThrownBy(() -> store.compact(last + 1)).isInstanceOf(IllegalArgumentException.class);
            RecordingListener kept = new RecordingListener();
            try (Watch ignored = store.watch("/", last, kept)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> kept.batches().size() == 1);
            }
        }
    }

    private static long putTimes(EmbeddedStore store, int times) {
        long last = 0;
        for (int i = 0; i < times; i++) {
            last = store.commit(Txn.builder().put("/k", Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build())
                    .revision();
        }
        return last;
    }

    private static Throwable replayError(EmbeddedStore store, long from) {
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/", from, listener)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.error() != null);
        }
        assertThat(listener.batches()).isEmpty();
        return listener.error();
    }
}

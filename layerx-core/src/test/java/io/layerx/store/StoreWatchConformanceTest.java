package io.layerx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.layerx.store.RecordingListener.Batch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Watch and compaction semantics every {@link Store} must have (etcd's): history replay from a revision, then live
 * changes, one {@code onEvents} call per revision, in revision order, filtered by prefix.
 */
@SuppressWarnings("try") // watches are opened in try-with-resources only to be closed
public abstract class StoreWatchConformanceTest extends StoreFixture {

    @Test
    void aWatchFromAPastRevisionReplaysHistoryInOrderThenFollows() {
        long r1 = put("/w/a", "1");
        long r2 = put("/w/b", "2");
        long r3 = put("/w/a", "3");
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/w/", r2, seen)) {
            eventually().until(() -> seen.batches().size() == 2);
            long r4 = put("/w/c", "4");
            eventually().until(() -> seen.batches().size() == 3);

            assertThat(seen.revisions()).containsExactly(r2, r3, r4);
            assertThat(seen.keys()).containsExactly("/w/b", "/w/a", "/w/c");
            KeyValue replayed = seen.batches().get(1).events().getFirst().kv();
            assertThat(text(replayed)).isEqualTo("3");
            assertThat(replayed.createRevision()).isEqualTo(r1);
            assertThat(replayed.version()).isEqualTo(2);
            assertThat(seen.error()).isNull();
        }
    }

    @Test
    void aWatchFromZeroOrLessSeesOnlyLaterCommits() {
        put("/w/before", "x");
        RecordingListener fromZero = new RecordingListener();
        RecordingListener fromNegative = new RecordingListener();

        try (Watch a = store.watch("/w/", 0, fromZero); Watch b = store.watch("/w/", -1, fromNegative)) {
            long later = put("/w/after", "y");

            eventually().until(() -> !fromZero.batches().isEmpty() && !fromNegative.batches().isEmpty());
            assertThat(fromZero.revisions()).containsExactly(later);
            assertThat(fromNegative.revisions()).containsExactly(later);
        }
    }

    @Test
    void aWatchFromTheListRevisionPlusOneMissesNothing() {
        put("/w/a", "1");
        Range range = store.list("/w/");
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/w/", range.revision() + 1, seen)) {
            long next = put("/w/b", "2");

            eventually().until(() -> !seen.batches().isEmpty());
            assertThat(seen.revisions()).containsExactly(next);
        }
    }

    @Test
    void aWatchFromAFutureRevisionStartsThere() {
        long now = store.revision();
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/w/", now + 3, seen)) {
            put("/w/a", "1");
            put("/w/a", "2");
            long third = put("/w/a", "3");

            eventually().until(() -> !seen.batches().isEmpty());
            assertThat(seen.revisions()).containsExactly(third);
        }
    }

    @Test
    void aWatchDeliversOnlyKeysUnderItsPrefix() {
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/a/", 0, seen)) {
            put("/ab", "not mine");
            long mixed = store.commit(Txn.builder().put("/a/x", bytes("1")).put("/b/y", bytes("2"))
                    .put("/a/y", bytes("3")).build()).revision();
            put("/a", "not mine either");
            long last = put("/a/z", "4");

            eventually().until(() -> seen.revisions().contains(last));
            assertThat(seen.batches()).extracting(Batch::revision, Batch::keys).containsExactly(
                    tuple(mixed, List.of("/a/x", "/a/y")),
                    tuple(last, List.of("/a/z")));
        }
    }

    @Test
    void theEventsOfOneTxnArriveInOneCallWithItsRevision() {
        put("/t/old", "x");
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/t/", 0, seen)) {
            TxnResult txn = store.commit(Txn.builder().put("/t/1", bytes("1")).delete("/t/old")
                    .put("/t/2", bytes("2")).put("/t/3", bytes("3")).build());

            eventually().until(() -> !seen.batches().isEmpty());
            assertThat(seen.batches()).singleElement().satisfies(batch -> {
                assertThat(batch.revision()).isEqualTo(txn.revision());
                assertThat(batch.keys()).containsExactly("/t/1", "/t/old", "/t/2", "/t/3");
                assertThat(batch.events()).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.PUT,
                        WatchEvent.Type.DELETE, WatchEvent.Type.PUT, WatchEvent.Type.PUT);
                assertThat(batch.events()).allSatisfy(e -> assertThat(e.kv().modRevision()).isEqualTo(txn.revision()));
            });
        }
    }

    @Test
    void aDeleteEventCarriesTheKeyAnEmptyValueAndTheDeletingRevision() {
        put("/d/k", "v");
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/d/", 0, seen)) {
            long deleted = delete("/d/k");

            eventually().until(() -> !seen.events().isEmpty());
            WatchEvent event = seen.events().getFirst();
            assertThat(event.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(event.kv().key()).isEqualTo("/d/k");
            assertThat(event.kv().value()).isEmpty();
            assertThat(event.kv().modRevision()).isEqualTo(deleted);
            assertThat(seen.revisions()).containsExactly(deleted);
        }
    }

    @Test
    void aPutEventCarriesTheEntryAsStored() {
        put("/p/k", "v1");
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = store.watch("/p/", 0, seen)) {
            put("/p/k", "v2");

            eventually().until(() -> !seen.events().isEmpty());
            WatchEvent event = seen.events().getFirst();
            assertThat(event.type()).isEqualTo(WatchEvent.Type.PUT);
            assertThat(event.kv()).isEqualTo(get("/p/k"));
            assertThat(event.kv().version()).isEqualTo(2);
        }
    }

    @Test
    void aClosedWatchDeliversNothingMore() {
        RecordingListener closed = new RecordingListener();
        RecordingListener open = new RecordingListener();
        Watch watch = store.watch("/c/", 0, closed);

        try (Watch ignored = store.watch("/c/", 0, open)) {
            long first = put("/c/k", "1");
            eventually().until(() -> closed.revisions().contains(first) && open.revisions().contains(first));

            watch.close();
            long second = put("/c/k", "2");

            eventually().until(() -> open.revisions().contains(second));
            Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> closed.revisions().equals(List.of(first)));
            assertThat(closed.error()).isNull();
        }
    }

    @Test
    void aWatchFromACompactedRevisionEndsWithCompactedException() {
        long r1 = put("/h/a", "1");
        long r2 = put("/h/b", "2");
        long r3 = put("/h/a", "3");
        long r4 = put("/h/c", "4");
        store.compact(r3);
        RecordingListener tooOld = new RecordingListener();
        RecordingListener kept = new RecordingListener();

        try (Watch a = store.watch("/h/", r2, tooOld); Watch b = store.watch("/h/", r3, kept)) {
            eventually().until(() -> tooOld.error() != null && kept.batches().size() == 2);

            assertThat(tooOld.error()).isInstanceOf(CompactedException.class);
            assertThat(((CompactedException) tooOld.error()).compactRevision()).isLessThan(r3);
            assertThat(tooOld.batches()).isEmpty();
            assertThat(tooOld.errorCount()).isEqualTo(1);
            assertThat(kept.revisions()).containsExactly(r3, r4);
            assertThat(kept.error()).isNull();
        }
        assertThat(get("/h/a").createRevision()).isEqualTo(r1);
        assertThat(store.list("/h/").items()).hasSize(3);
    }

    @Test
    void aSlowWatcherDoesNotStallCommits() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener seen = new RecordingListener();
        WatchListener slow = new WatchListener() {
            @Override
            public void onEvents(long revision, List<WatchEvent> events) {
                awaitQuietly(release);
                seen.onEvents(revision, events);
            }

            @Override
            public void onError(Throwable error) {
                seen.onError(error);
            }
        };

        try (Watch ignored = store.watch("/s/", 0, slow)) {
            List<Long> committed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> commitMany("/s/k", 30));

            release.countDown();
            eventually().until(() -> seen.batches().size() == committed.size());
            assertThat(seen.revisions()).containsExactlyElementsOf(committed);
        }
    }

    private List<Long> commitMany(String key, int times) {
        List<Long> revisions = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            revisions.add(put(key, Integer.toString(i)));
        }
        return revisions;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void concurrentCommitsArriveOncePerRevisionInRevisionOrder() throws Exception {
        RecordingListener seen = new RecordingListener();
        ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();

        try (Watch ignored = store.watch("/o/", 0, seen)) {
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    String key = "/o/" + t;
                    done.add(pool.submit(() -> committed.addAll(commitMany(key, 20))));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }

            eventually().until(() -> seen.batches().size() >= committed.size());
            assertThat(seen.revisions()).isSorted().doesNotHaveDuplicates()
                    .containsExactlyElementsOf(committed.stream().sorted().toList());
        }
    }

    @Test
    void historySurvivesAReopen() {
        long r1 = put("/r/a", "1");
        long r2 = put("/r/b", "2");
        Store reopened = closeAndReopen(store);
        RecordingListener seen = new RecordingListener();

        try (Watch ignored = reopened.watch("/r/", r1, seen)) {
            long r3 = put("/r/c", "3");

            eventually().until(() -> seen.batches().size() == 3);
            assertThat(seen.revisions()).containsExactly(r1, r2, r3);
        }
    }
}

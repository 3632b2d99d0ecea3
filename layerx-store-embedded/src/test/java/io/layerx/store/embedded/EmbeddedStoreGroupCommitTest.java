package io.layerx.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.store.Compare;
import io.layerx.store.KeyValue;
import io.layerx.store.Op;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads commit txns whose compares conflict (a few keys, stale reads) while the store groups the commits:
 * the outcome equals one serial order. Replaying the succeeded txns in revision order on a plain map, each one's
 * compares hold just before its revision, each failed txn's listed compares (and only those) fail at the revision it
 * reports, the map ends equal to the store, the revisions are gapless, and a watch sees them in order.
 */
class EmbeddedStoreGroupCommitTest {

    private static final int THREADS = 8;
    private static final int TXNS_PER_THREAD = 120;
    private static final int KEYS = 5;

    @RegisterExtension
    final TempStores stores = new TempStores();

    record Outcome(Txn txn, TxnResult result) {
    }

    @RepeatedTest(3)
    void concurrentConflictingTxnsEqualSomeSerialOrder() throws Exception {
        try (EmbeddedStore store = stores.fresh()) {
            assertSerial(store);
        }
    }

    @RepeatedTest(3)
    void groupsHeldToThreeTxnsStillEqualSomeSerialOrderAndEveryCallerIsAnswered() throws Exception {
        try (EmbeddedStore store = stores.freshWithGroupsOf(3)) {
            assertSerial(store);
            assertThat(store.largestGroup()).isBetween(1, 3);
        }
    }

    private void assertSerial(EmbeddedStore store) throws Exception {
        List<Long> watched = new CopyOnWriteArrayList<>();
        try (Watch ignored = store.watch("/g/", 1, recorder(watched))) {
            List<Outcome> outcomes = runConcurrently(store);

            List<Outcome> succeeded = outcomes.stream().filter(o -> o.result().succeeded())
                    .sorted(Comparator.comparingLong(o -> o.result().revision())).toList();
            assertThat(succeeded).as("some txns win, some lose").isNotEmpty().hasSizeLessThan(outcomes.size());
            assertThat(succeeded.stream().map(o -> o.result().revision()))
                    .as("one revision per succeeded txn, gapless from 1")
                    .containsExactlyElementsOf(range(1, store.revision()));

            Map<String, KeyValue> model = replay(succeeded, failuresByRevision(outcomes));
            assertThat(store.list("/g/").items()).containsExactlyElementsOf(model.values());

            await().atMost(Duration.ofSeconds(30)).until(() -> watched.size() == succeeded.size());
            assertThat(watched).containsExactlyElementsOf(range(1, store.revision()));
        }
    }

    private static List<Outcome> runConcurrently(EmbeddedStore store) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    start.await();
                    for (int i = 0; i < TXNS_PER_THREAD; i++) {
                        Txn txn = conflictingTxn(store, random, thread + "-" + i);
                        outcomes.add(new Outcome(txn, store.commit(txn)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(outcomes);
    }

    /** Reads two keys (the read goes stale while others commit), then writes one and puts or deletes the other. */
    private static Txn conflictingTxn(EmbeddedStore store, Random random, String tag) {
        String a = "/g/k" + random.nextInt(KEYS);
        String b = "/g/k" + ((a.charAt(a.length() - 1) - '0' + 1 + random.nextInt(KEYS - 1)) % KEYS);
        Txn.Builder txn = Txn.builder()
                .expect(a, store.get(a).map(KeyValue::modRevision).orElse(0L))
                .expect(b, store.get(b).map(KeyValue::modRevision).orElse(0L))
                .put(a, tag.getBytes(StandardCharsets.UTF_8));
        return random.nextInt(3) == 0 ? txn.delete(b).build() : txn.put(b, tag.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static Map<Long, List<Outcome>> failuresByRevision(List<Outcome> outcomes) {
        Map<Long, List<Outcome>> failures = new HashMap<>();
        for (Outcome o : outcomes) {
            if (!o.result().succeeded()) failures.computeIfAbsent(o.result().revision(), r -> new ArrayList<>()).add(o);
        }
        return failures;
    }

    /** Applies the succeeded txns in revision order, checking every txn against the state it claims to have seen. */
    private static Map<String, KeyValue> replay(List<Outcome> succeeded, Map<Long, List<Outcome>> failures) {
        Map<String, KeyValue> model = new TreeMap<>();
        long revision = 0;
        checkFailures(model, failures.getOrDefault(revision, List.of()));
        for (Outcome o : succeeded) {
            assertThat(failedCompares(model, o.txn())).as("compares of the txn at %s", o.result().revision()).isEmpty();
            revision = o.result().revision();
            for (Op op : o.txn().ops()) {
                switch (op) {
                    case Op.Put(String key, byte[] value) -> {
                        Optional<KeyValue> old = Optional.ofNullable(model.get(key));
                        model.put(key, new KeyValue(key, value, old.map(KeyValue::createRevision).orElse(revision),
                                revision, old.map(kv -> kv.version() + 1).orElse(1L)));
                    }
                    case Op.Delete(String key) -> model.remove(key);
                }
            }
            checkFailures(model, failures.getOrDefault(revision, List.of()));
        }
        return model;
    }

    private static void checkFailures(Map<String, KeyValue> model, List<Outcome> failed) {
        for (Outcome o : failed) {
            assertThat(o.result().failedCompares()).as("failed compares of a txn that lost at %s", o.result().revision())
                    .containsExactlyElementsOf(failedCompares(model, o.txn()));
        }
    }

    private static List<String> failedCompares(Map<String, KeyValue> model, Txn txn) {
        List<String> failed = new ArrayList<>();
        for (Compare c : txn.compares()) {
            KeyValue kv = model.get(c.key());
            if ((kv == null ? 0 : kv.modRevision()) != c.modRevision()) failed.add(c.key());
        }
        return failed;
    }

    private static List<Long> range(long from, long to) {
        List<Long> all = new ArrayList<>();
        for (long r = from; r <= to; r++) all.add(r);
        return all;
    }

    private static WatchListener recorder(List<Long> revisions) {
        return new WatchListener() {
            @Override
            public void onEvents(long revision, List<WatchEvent> delivered) {
                revisions.add(revision);
            }

            @Override
            public void onError(Throwable error) {
                revisions.add(-1L);
            }
        };
    }
}

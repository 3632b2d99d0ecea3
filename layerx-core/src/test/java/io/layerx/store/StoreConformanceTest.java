package io.layerx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Key-value, transaction, list and durability semantics every {@link Store} must have (etcd's). Extend it, implement
 * the two hooks of {@link StoreFixture}; watches are covered by {@link StoreWatchConformanceTest}.
 *
 * <p>Revisions are asserted relative to the store's revision at the start of a test, so that a store on a shared
 * backend (one etcd namespace per test) passes too.
 */
public abstract class StoreConformanceTest extends StoreFixture {

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get("/missing")).isEmpty();
    }

    @Test
    void aCreateStampsTheCommitRevisionAndVersionOne() {
        long rev = put("/k", "v1");

        KeyValue kv = get("/k");
        assertThat(text(kv)).isEqualTo("v1");
        assertThat(kv.createRevision()).isEqualTo(rev);
        assertThat(kv.modRevision()).isEqualTo(rev);
        assertThat(kv.version()).isEqualTo(1);
    }

    @Test
    void eachWriteBumpsVersionAndModRevisionAndKeepsCreateRevision() {
        long created = put("/k", "v1");
        long second = put("/k", "v2");
        long third = put("/k", "v3");

        KeyValue kv = get("/k");
        assertThat(text(kv)).isEqualTo("v3");
        assertThat(kv.createRevision()).isEqualTo(created);
        assertThat(kv.modRevision()).isEqualTo(third).isGreaterThan(second);
        assertThat(kv.version()).isEqualTo(3);
    }

    @Test
    void aDeleteEndsTheKeysLifeAndAPutStartsANewOne() {
        put("/k", "v1");
        put("/k", "v2");
        long deleted = delete("/k");
        assertThat(store.get("/k")).isEmpty();

        long recreated = put("/k", "again");

        KeyValue kv = get("/k");
        assertThat(recreated).isEqualTo(deleted + 1);
        assertThat(kv.createRevision()).isEqualTo(recreated);
        assertThat(kv.version()).isEqualTo(1);
    }

    @Test
    void theRevisionGrowsByOnePerSuccessfulTxnAndNotOnFailedOnes() {
        long start = store.revision();
        TxnResult multi = store.commit(Txn.builder().put("/a", bytes("1")).put("/b", bytes("2")).put("/c", bytes("3"))
                .build());
        assertThat(multi.succeeded()).isTrue();
        assertThat(multi.revision()).isEqualTo(start + 1);
        assertThat(multi.failedCompares()).isEmpty();

        TxnResult failed = store.commit(Txn.builder().expectAbsent("/a").put("/a", bytes("x")).build());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.revision()).isEqualTo(start + 1);
        assertThat(store.revision()).isEqualTo(start + 1);

        assertThat(put("/a", "4")).isEqualTo(start + 2);
        assertThat(store.revision()).isEqualTo(start + 2);
    }

    @Test
    void everyKeyOfOneTxnSharesItsRevision() {
        TxnResult result = store.commit(Txn.builder().put("/a", bytes("1")).put("/b", bytes("2")).build());

        assertThat(get("/a").modRevision()).isEqualTo(result.revision());
        assertThat(get("/b").modRevision()).isEqualTo(result.revision());
    }

    /** etcd: a txn that changes nothing (no ops, or only deletes of missing keys) does not make a revision. */
    @Test
    void aTxnThatChangesNothingKeepsTheRevision() {
        long rev = put("/k", "v");

        TxnResult empty = store.commit(Txn.builder().expect("/k", rev).build());
        TxnResult deleteMissing = store.commit(Txn.builder().delete("/missing").build());

        assertThat(empty.succeeded()).isTrue();
        assertThat(empty.revision()).isEqualTo(rev);
        assertThat(deleteMissing.succeeded()).isTrue();
        assertThat(deleteMissing.revision()).isEqualTo(rev);
        assertThat(store.revision()).isEqualTo(rev);
    }

    @Test
    void aCompareOnModRevisionGuardsTheWrite() {
        long rev = put("/k", "v1");

        TxnResult stale = store.commit(Txn.builder().expect("/k", rev - 1).put("/k", bytes("stale")).build());
        assertThat(stale.succeeded()).isFalse();
        assertThat(stale.failedCompares()).containsExactly("/k");
        assertThat(text(get("/k"))).isEqualTo("v1");

        TxnResult fresh = store.commit(Txn.builder().expect("/k", rev).put("/k", bytes("v2")).build());
        assertThat(fresh.succeeded()).isTrue();
        assertThat(get("/k").modRevision()).isEqualTo(fresh.revision());
        assertThat(text(get("/k"))).isEqualTo("v2");
    }

    @Test
    void compareAbsentCreatesOnlyIfTheKeyDoesNotExist() {
        Txn create = new Txn(List.of(Compare.absent("/k")), List.of(new Op.Put("/k", bytes("first"))));
        Txn again = new Txn(List.of(Compare.absent("/k")), List.of(new Op.Put("/k", bytes("second"))));

        assertThat(store.commit(create).succeeded()).isTrue();
        TxnResult second = store.commit(again);

        assertThat(second.succeeded()).isFalse();
        assertThat(second.failedCompares()).containsExactly("/k");
        assertThat(text(get("/k"))).isEqualTo("first");
    }

    @Test
    void aCompareOnAnExistingKeyFailsOnceTheKeyIsGone() {
        long rev = put("/k", "v");
        delete("/k");

        TxnResult result = store.commit(Txn.builder().expect("/k", rev).put("/k", bytes("back")).build());

        assertThat(result.succeeded()).isFalse();
        assertThat(store.get("/k")).isEmpty();
    }

    @Test
    void aMultiKeyTxnIsAllOrNothing() {
        long a = put("/a", "a1");
        long b = put("/b", "b1");
        put("/d", "d1");
        long before = store.revision();

        TxnResult refused = store.commit(txnOf(a, b - 1));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failedCompares()).containsExactly("/b");
        assertThat(store.revision()).isEqualTo(before);
        assertThat(text(get("/a"))).isEqualTo("a1");
        assertThat(text(get("/b"))).isEqualTo("b1");
        assertThat(store.get("/c")).isEmpty();
        assertThat(store.get("/d")).isPresent();

        TxnResult applied = store.commit(txnOf(a, b));
        assertThat(applied.succeeded()).isTrue();
        assertThat(applied.revision()).isEqualTo(before + 1);
        assertThat(text(get("/a"))).isEqualTo("a2");
        assertThat(text(get("/b"))).isEqualTo("b2");
        assertThat(text(get("/c"))).isEqualTo("c2");
        assertThat(store.get("/d")).isEmpty();
    }

    private static Txn txnOf(long expectA, long expectB) {
        return Txn.builder().expect("/a", expectA).expect("/b", expectB)
                .put("/a", bytes("a2")).put("/b", bytes("b2")).put("/c", bytes("c2")).delete("/d").build();
    }

    @Test
    void failedComparesListEveryFailingKey() {
        long a = put("/a", "1");
        put("/b", "1");

        TxnResult result = store.commit(Txn.builder().expect("/a", a).expectAbsent("/b").expect("/c", a)
                .put("/x", bytes("x")).build());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedCompares()).containsExactlyInAnyOrder("/b", "/c");
        assertThat(store.get("/x")).isEmpty();
    }

    @Test
    void aDeleteRemovesTheKeyAtANewRevision() {
        long created = put("/k", "v");
        put("/other", "v");

        TxnResult deleted = store.commit(Txn.builder().expect("/k", created).delete("/k").build());

        assertThat(deleted.succeeded()).isTrue();
        assertThat(deleted.revision()).isEqualTo(created + 2);
        assertThat(store.get("/k")).isEmpty();
        assertThat(store.list("/k").items()).isEmpty();
        assertThat(store.get("/other")).isPresent();
    }

    @Test
    void listReturnsOnlyTheKeysUnderThePrefixSortedByKey() {
        for (String key : List.of("/a/c", "/ab", "/a/a", "/b/x", "/a", "/a/b/deep", "/a/b", "/a0")) {
            put(key, "value of " + key);
        }

        Range range = store.list("/a/");

        assertThat(range.items()).extracting(KeyValue::key).containsExactly("/a/a", "/a/b", "/a/b/deep", "/a/c");
        assertThat(range.items()).allSatisfy(kv -> assertThat(text(kv)).isEqualTo("value of " + kv.key()));
        assertThat(store.list("/ab").items()).extracting(KeyValue::key).containsExactly("/ab");
        assertThat(store.list("/nothing/").items()).isEmpty();
    }

    @Test
    void listCarriesTheRevisionItReadAt() {
        put("/a/1", "x");
        long last = put("/a/2", "y");
        put("/b/1", "z");

        Range range = store.list("/a/");

        assertThat(range.revision()).isEqualTo(store.revision()).isEqualTo(last + 1);
        assertThat(range.items()).allSatisfy(kv -> assertThat(kv.modRevision()).isLessThanOrEqualTo(range.revision()));
        assertThat(range.items().get(1)).isEqualTo(get("/a/2"));
    }

    @Test
    void listSeesManyKeysInOrder() {
        List<String> keys = new ArrayList<>();
        Txn.Builder txn = Txn.builder();
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String key = "/many/" + Integer.toString(random.nextInt(1_000_000), 36) + "-" + i;
            keys.add(key);
            txn.put(key, bytes(Integer.toString(i)));
        }
        store.commit(txn.build());

        Range range = store.list("/many/");

        assertThat(range.items()).extracting(KeyValue::key).containsExactlyElementsOf(keys.stream().sorted().toList());
    }

    @Test
    void concurrentCasIncrementsNeverLoseAnUpdate() throws Exception {
        int threads = 4;
        int incrementsEach = 25;
        put("/counter", "0");
        AtomicInteger successes = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> incrementTimes(incrementsEach, successes)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        KeyValue counter = get("/counter");
        assertThat(successes.get()).isEqualTo(threads * incrementsEach);
        assertThat(Integer.parseInt(text(counter))).isEqualTo(successes.get());
        assertThat(counter.version()).isEqualTo(successes.get() + 1L);
    }

    private void incrementTimes(int times, AtomicInteger successes) {
        int mine = 0;
        while (mine < times) {
            KeyValue current = get("/counter");
            String next = Integer.toString(Integer.parseInt(text(current)) + 1);
            TxnResult result = store.commit(Txn.builder().expect("/counter", current.modRevision())
                    .put("/counter", bytes(next)).build());
            if (result.succeeded()) {
                mine++;
                successes.incrementAndGet();
            }
        }
    }

    @Test
    void largeValuesRoundTrip() {
        byte[] large = new byte[1 << 20];
        new Random(42).nextBytes(large);

        store.commit(Txn.builder().put("/large/one", large).build());

        assertThat(get("/large/one").value()).isEqualTo(large);
        assertThat(store.list("/large/").items()).singleElement()
                .satisfies(kv -> assertThat(kv.value()).isEqualTo(large));
    }

    @Test
    void committedStateSurvivesAReopen() {
        put("/keep/a", "a1");
        put("/keep/a", "a2");
        put("/keep/b", "b1");
        put("/keep/gone", "g");
        delete("/keep/gone");
        KeyValue a = get("/keep/a");
        Range before = store.list("/keep/");

        Store reopened = closeAndReopen(store);

        assertThat(reopened.get("/keep/a")).contains(a);
        assertThat(reopened.get("/keep/gone")).isEmpty();
        assertThat(reopened.list("/keep/")).isEqualTo(before);
        assertThat(reopened.revision()).isEqualTo(before.revision());
    }

    @Test
    void revisionsContinueAfterAReopen() {
        long last = put("/k", "v1");

        Store reopened = closeAndReopen(store);
        TxnResult next = reopened.commit(Txn.builder().expect("/k", last).put("/k", bytes("v2")).build());

        assertThat(next.succeeded()).isTrue();
        assertThat(next.revision()).isEqualTo(last + 1);
        assertThat(get("/k").version()).isEqualTo(2);
        assertThat(get("/k").createRevision()).isEqualTo(last);
    }
}

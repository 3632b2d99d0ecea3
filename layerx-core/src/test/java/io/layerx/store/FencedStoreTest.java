package io.layerx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.model.LayerXException;
import io.layerx.testkit.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FencedStoreTest {

    private static final String LEADER = "/election/a";

    private final InMemoryStore store = new InMemoryStore();
    private final AtomicInteger deposedCalls = new AtomicInteger();

    private FencedStore term() {
        long rev = store.commit(Txn.builder().put(LEADER, bytes("me")).build()).revision();
        return new FencedStore(store, LEADER, rev, deposedCalls::incrementAndGet);
    }

    @Test
    void commitsGoThroughWhileTheLeaderKeyLasts() {
        FencedStore fenced = term();

        TxnResult r = fenced.commit(Txn.builder().expectAbsent("/jobs/a").put("/jobs/a", bytes("1")).build());

        assertThat(r.succeeded()).isTrue();
        assertThat(store.get("/jobs/a")).isPresent();
        assertThat(fenced.lastCommitRevision()).isEqualTo(r.revision());
        assertThat(fenced.deposed()).isFalse();
    }

    @Test
    void aFailedCompareOfTheCallerIsAnOrdinaryFailure() {
        FencedStore fenced = term();
        fenced.commit(Txn.builder().put("/jobs/a", bytes("1")).build());

        TxnResult r = fenced.commit(Txn.builder().expectAbsent("/jobs/a").put("/jobs/a", bytes("2")).build());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failedCompares()).containsExactly("/jobs/a");
        assertThat(fenced.deposed()).isFalse();
        assertThat(deposedCalls).hasValue(0);
    }

    @Test
    void onceTheLeaderKeyIsGoneNothingIsCommittedAndTheLeaderHearsItOnce() {
        FencedStore fenced = term();
        store.commit(Txn.builder().delete(LEADER).build()); // the lease expired
        long before = store.revision();

        assertThatThrownBy(() -> fenced.commit(Txn.builder().put("/jobs/a", bytes("1")).build()))
                .isInstanceOf(LayerXException.Unavailable.class).hasMessageContaining("no longer leads");
        assertThatThrownBy(() -> fenced.commit(Txn.builder().put("/jobs/b", bytes("1")).build()))
                .isInstanceOf(LayerXException.Unavailable.class);

        assertThat(store.revision()).isEqualTo(before);
        assertThat(store.list("/jobs/").items()).isEmpty();
        assertThat(fenced.deposed()).isTrue();
        assertThat(deposedCalls).hasValue(1);
        assertThat(fenced.lastCommitRevision()).isZero();
    }

    @Test
    void aKeyOfTheSameNameMadeLaterDoesNotReviveAnOldTerm() {
        FencedStore old = term();
        store.commit(Txn.builder().delete(LEADER).build());
        FencedStore next = term(); // someone campaigns again under the same key

        assertThat(next.commit(Txn.builder().put("/jobs/a", bytes("1")).build()).succeeded()).isTrue();
        assertThatThrownBy(() -> old.commit(Txn.builder().put("/jobs/a", bytes("2")).build()))
                .isInstanceOf(LayerXException.Unavailable.class);
        assertThat(new String(store.get("/jobs/a").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("1");
    }

    @Test
    void aTermMayNotWriteItsOwnKey() {
        FencedStore fenced = term();

        assertThatThrownBy(() -> fenced.commit(Txn.builder().delete(LEADER).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.layerx.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.clock.SystemTimer;
import io.layerx.model.LayerXException;
import io.layerx.store.FencedStore;
import io.layerx.store.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidates on one real etcd: one leads, the others know who; a term ends with its lease, and fencing holds. */
class EtcdElectionIT {

    private static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    EtcdCluster etcd;
    SystemTimer timer;

    @BeforeEach
    void start() {
        etcd = EtcdCluster.start(dir, 1);
        timer = new SystemTimer();
    }

    @AfterEach
    void stop() {
        timer.close();
        etcd.close();
    }

    /** One candidate with its own connection, and what its election told it. */
    private final class Candidate implements EtcdElection.Listener, AutoCloseable {
        final String address;
        final EtcdStore store = EtcdStore.open(new EtcdOptions(etcd.endpoints(), "/lx"));
        final EtcdElection election;
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile EtcdElection.Term term;
        volatile Optional<EtcdElection.Leader> leader = Optional.empty();

        Candidate(String address) {
            this.address = address;
            this.election = new EtcdElection(store, address, TTL, this, timer, InstantSource.system());
            election.start();
        }

        @Override
        public void elected(EtcdElection.Term t) {
            term = t;
            calls.add("elected");
        }

        @Override
        public void deposed(EtcdElection.Term t) {
            term = null;
            calls.add("deposed");
        }

        @Override
        public void leader(Optional<EtcdElection.Leader> l) {
            leader = l;
        }

        String leaderAddress() {
            return leader.map(EtcdElection.Leader::address).orElse("");
        }

        @Override
        public void close() {
            election.close();
            store.close();
        }
    }

    @Test
    void oneCandidateLeadsAndTheOthersKnowItsAddress() {
        try (Candidate a = new Candidate("http://a"); Candidate b = new Candidate("http://b");
             Candidate c = new Candidate("http://c")) {
            List<Candidate> all = List.of(a, b, c);
            await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().filter(x -> x.term != null).count() == 1
                    && all.stream().map(Candidate::leaderAddress).distinct().count() == 1
                    && !a.leaderAddress().isEmpty());

            Candidate first = all.stream().filter(x -> x.term != null).findFirst().orElseThrow();
            assertThat(a.leaderAddress()).isEqualTo(first.address);
        }
    }

    @Test
    void whenTheLeaderStopsAnotherLeadsAndTheOldTermIsFencedOff() {
        try (Candidate b = new Candidate("http://b")) {
            Candidate a = new Candidate("http://a");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> a.term != null || b.term != null);
                Candidate leader = a.term != null ? a : b;
                Candidate follower = leader == a ? b : a;
                EtcdElection.Term old = leader.term;
                FencedStore oldTerm = new FencedStore(leader.store, old.key(), old.revision());
                assertThat(oldTerm.commit(Txn.builder().put("/jobs/x", bytes("1")).build()).succeeded()).isTrue();

                leader.close();

                await().atMost(Duration.ofSeconds(20)).until(() -> follower.term != null);
                assertThat(leader.calls).containsExactly("elected", "deposed");
                FencedStore newTerm = new FencedStore(follower.store, follower.term.key(), follower.term.revision());
                assertThat(newTerm.commit(Txn.builder().put("/jobs/x", bytes("2")).build()).succeeded()).isTrue();
                FencedStore stale = new FencedStore(follower.store, old.key(), old.revision());
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> stale.commit(Txn.builder().put("/jobs/x", bytes("3")).build()))
                        .isInstanceOf(LayerXException.Unavailable.class);
                assertThat(follower.store.get("/jobs/x").orElseThrow().value()).isEqualTo(bytes("2"));
            } finally {
                a.close();
            }
        }
    }

    @Test
    void aLeaderWhoseLeaseIsRevokedElsewhereIsDeposedAndCampaignsAgain() throws Exception {
        try (Candidate a = new Candidate("http://a")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> a.term != null);
            String key = a.term.key();
            long lease = Long.parseLong(key.substring(EtcdElection.PREFIX.length()), 16);

            a.store.client().getLeaseClient().revoke(lease).get();

            await().atMost(Duration.ofSeconds(20)).until(() -> a.calls.size() == 3);
            assertThat(a.calls).containsExactly("elected", "deposed", "elected");
            assertThat(a.term.key()).isNotEqualTo(key);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.layerx.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.RecordingListener;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.Watch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etcd store while etcd members die: nothing acknowledged is lost, and watches resume without a gap. */
class EtcdStoreFailoverIT {

    @TempDir
    Path dir;

    @Test
    void killingEachEtcdMemberInTurnLosesNoAcknowledgedWriteAndTheWatchMissesNothing() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(dir, 3);
             EtcdStore store = EtcdStore.open(new EtcdOptions(etcd.endpoints(), "/failover"))) {
            RecordingListener seen = new RecordingListener();
            Map<String, Long> acked = new ConcurrentHashMap<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            try (Watch ignored = store.watch("/k/", 0, seen)) {
                Thread writer = Thread.ofVirtual().start(() -> writeUntil(store, stop, acked, refused));
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 100);
                // the leader first, then the others: whichever member serves the watch dies once
                List<EtcdCluster.Member> victims = new ArrayList<>(List.of(etcd.awaitLeader(Duration.ofSeconds(10))));
                etcd.members().stream().filter(m -> !victims.contains(m)).forEach(victims::add);
                for (EtcdCluster.Member m : victims) {
                    etcd.kill(m);
                    awaitMore(acked, 50);
                    etcd.restart(m);
                    awaitMore(acked, 50);
                }
                stop.set(true);
                writer.join(Duration.ofSeconds(30));

                Map<String, String> stored = store.list("/k/").items().stream()
                        .collect(Collectors.toMap(KeyValue::key, kv -> new String(kv.value(), StandardCharsets.UTF_8)));
                acked.keySet().forEach(k -> assertThat(stored).containsEntry(k, "v" + k));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(seen.revisions()).containsAll(acked.values()));
                assertThat(seen.revisions()).isSorted().doesNotHaveDuplicates();
                assertThat(seen.error()).isNull();
            }
        }
    }

    @Test
    void aWatchResumesAfterItsOnlyMemberRestarts() {
        try (EtcdCluster etcd = EtcdCluster.start(dir, 1);
             EtcdStore store = EtcdStore.open(new EtcdOptions(etcd.endpoints(), "/restart"))) {
            RecordingListener seen = new RecordingListener();
            try (Watch ignored = store.watch("/r/", 0, seen)) {
                long first = put(store, "/r/a");
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.revisions().contains(first));

                etcd.kill(etcd.member(0));
                etcd.restart(etcd.member(0));
                long second = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> put(store, "/r/b"), r -> r > 0);
                long third = put(store, "/r/c");

                await().atMost(Duration.ofSeconds(30)).until(() -> seen.revisions().contains(third));
                assertThat(seen.revisions()).containsExactly(first, second, third);
                assertThat(seen.error()).isNull();
            }
        }
    }

    private static void awaitMore(Map<String, Long> acked, int more) {
        int now = acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= now + more);
    }

    private static void writeUntil(EtcdStore store, AtomicBoolean stop, Map<String, Long> acked,
                                   AtomicInteger refused) {
        for (int i = 0; !stop.get(); i++) {
            String key = "/k/" + i;
            try {
                acked.put(key, put(store, key));
            } catch (LayerXException.Unavailable e) {
                refused.incrementAndGet();
            }
        }
    }

    private static long put(EtcdStore store, String key) {
        TxnResult r = store.commit(Txn.builder().put(key, ("v" + key).getBytes(StandardCharsets.UTF_8)).build());
        assertThat(r.succeeded()).isTrue();
        return r.revision();
    }
}

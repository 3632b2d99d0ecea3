package io.layerx.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.Txn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the conformance suite does not cover: prefixes, limits, bad settings, an unreachable etcd. */
class EtcdStoreEdgeTest {

    @RegisterExtension
    static final EtcdStores stores = new EtcdStores();

    @Test
    void storesUnderDifferentPrefixesDoNotSeeEachOther() {
        try (EtcdStore a = stores.fresh(); EtcdStore b = stores.fresh()) {
            a.commit(Txn.builder().put("/jobs/x", bytes("a")).build());
            b.commit(Txn.builder().put("/jobs/y", bytes("b")).build());

            assertThat(a.list("").items()).extracting(KeyValue::key).containsExactly("/jobs/x");
            assertThat(b.list("/").items()).extracting(KeyValue::key).containsExactly("/jobs/y");
            assertThat(a.get("/jobs/y")).isEmpty();
            assertThat(a.list("jobs").items()).isEmpty();
        }
    }

    @Test
    void keysMustStartWithASlash() {
        try (EtcdStore store = stores.fresh()) {
            assertThatThrownBy(() -> store.commit(Txn.builder().put("jobs/x", bytes("a")).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start with '/'");
            assertThatThrownBy(() -> store.commit(Txn.builder().put("/a", bytes("1")).delete("/a").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two ops");
        }
    }

    @Test
    void aTransactionOverEtcdsLimitSaysWhichFlagToRaise() {
        Txn.Builder huge = Txn.builder();
        for (int i = 0; i <= 10_000; i++) huge.put("/many/" + i, bytes("x"));
        try (EtcdStore store = stores.fresh()) {
            assertThatThrownBy(() -> store.commit(huge.build()))
                    .isInstanceOf(LayerXException.Unavailable.class).hasMessageContaining("--max-txn-ops");
            assertThat(store.list("/many/").items()).isEmpty();
        }
    }

    @Test
    void anUnreachableEtcdIsUnavailableWithinTheTimeout() {
        URI nobody = URI.create("http://127.0.0.1:" + EtcdCluster.freePort());
        assertThatThrownBy(() -> EtcdStore.open(new EtcdOptions(List.of(nobody), "/x", Duration.ofSeconds(1))))
                .isInstanceOf(LayerXException.Unavailable.class).hasMessageContaining(nobody.toString());
    }

    @Test
    void badSettingsAreListedAtOnce() {
        assertThat(EtcdOptions.problems(List.of(URI.create("ftp://h:1"), URI.create("http://h")), "layerx"))
                .hasSize(3);
        assertThat(EtcdOptions.parseEndpoints("127.0.0.1:1, http://h:2,")).containsExactly(
                URI.create("http://127.0.0.1:1"), URI.create("http://h:2"));
        assertThat(new EtcdOptions(List.of(URI.create("http://h:2")), "/lx/").prefix()).isEqualTo("/lx");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.layerx.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Txn;
import io.layerx.testkit.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeWriterTest {

    private final InMemoryStore store = new InMemoryStore();
    private final SystemTimer timer = new SystemTimer();
    private final StateCache cache = new StateCache(store, timer);
    private final NodeWriter writer = new NodeWriter(store, cache);

    @BeforeEach
    void start() {
        cache.start();
        put(new Node("n1", "c", "docker", Resources.of(2000, 4096), Map.of(), NodeState.READY, "", 0, 0, Instant.EPOCH));
    }

    @AfterEach
    void stop() {
        cache.close();
        timer.close();
    }

    private void put(Node n) {
        long rev = store.commit(Txn.builder().put(Keys.node(n.name()), Codec.encode(n)).build()).revision();
        cache.awaitRevision(rev, Duration.ofSeconds(5));
    }

    private Node stored() {
        return Codec.decode(store.get(Keys.node("n1")).orElseThrow().value(), Node.class);
    }

    @Test
    void writesTheChangeDurablyAndTheViewSeesIt() {
        assertThat(writer.update("n1", n -> n.withState(NodeState.LOST))).get().extracting(Node::state)
                .isEqualTo(NodeState.LOST);
        assertThat(stored().state()).isEqualTo(NodeState.LOST);
        NodeState seen = cache.read(v -> v.node("n1").orElseThrow().value().state());
        assertThat(seen).isEqualTo(NodeState.LOST);
    }

    @Test
    void noChangeWritesNothing() {
        long before = store.get(Keys.node("n1")).orElseThrow().modRevision();
        assertThat(writer.update("n1", n -> n)).isEmpty();
        assertThat(writer.update("missing", n -> n.withState(NodeState.LOST))).isEmpty();
        assertThat(store.get(Keys.node("n1")).orElseThrow().modRevision()).isEqualTo(before);
    }

    @Test
    void aConcurrentWriteIsReadAgainAndTheChangeAppliedOnTop() {
        AtomicInteger calls = new AtomicInteger();
        writer.update("n1", n -> {
            if (calls.incrementAndGet() == 1) put(n.withCapacity(Resources.of(1000, 1024)));
            return n.withState(NodeState.LOST);
        });
        assertThat(calls).hasValue(2);
        assertThat(stored().state()).isEqualTo(NodeState.LOST);
        assertThat(stored().capacity()).isEqualTo(Resources.of(1000, 1024));
    }
}

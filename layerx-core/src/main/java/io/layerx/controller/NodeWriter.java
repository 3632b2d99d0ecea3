package io.layerx.controller;

import io.layerx.model.Node;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How providers change what the pool knows of their nodes (state, capacity): each change is applied to the newest
 * record and committed guarded by its revision; a conflict re-reads and applies the change again.
 */
public final class NodeWriter {

    private static final int ATTEMPTS = 10;
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Store store;
    private final StateCache cache;

    public NodeWriter(Store store, StateCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * Writes {@code change(node)} when it differs from the node; returns the node as written, or empty when the node
     * does not exist or the change left it as it was. Durable and applied to the view when it returns.
     */
    public Optional<Node> update(String name, UnaryOperator<Node> change) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<Versioned<Node>> current = cache.read(v -> v.node(name));
            if (current.isEmpty()) return Optional.empty();
            Node next = change.apply(current.get().value());
            if (next.equals(current.get().value())) return Optional.empty();
            String key = Keys.node(name);
            TxnResult r = store.commit(Txn.builder().expect(key, current.get().modRevision())
                    .put(key, Codec.encode(next)).build());
            cache.awaitRevision(r.revision(), CATCH_UP);
            if (r.succeeded()) return Optional.of(next);
        }
        throw new IllegalStateException("node " + name + " kept changing; gave up after " + ATTEMPTS + " attempts");
    }
}

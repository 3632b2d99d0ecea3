package io.layerx.plan;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Txn;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real store, view and applier, driven one step at a time from a test thread. */
final class ApplierHarness implements AutoCloseable {
    final InMemoryStore store = new InMemoryStore();
    final SystemTimer timer = new SystemTimer();
    final StateCache cache = new StateCache(store, timer);
    final PlanApplier applier = new PlanApplier(store, cache, InstantSource.system(), new SimpleMeterRegistry());

    ApplierHarness() {
        cache.start();
    }

    void node(String name, Resources capacity, NodeState state) {
        Node n = new Node(name, "c1", "sim", capacity, Map.of(), state, "", 0, 0, Instant.EPOCH);
        put(Keys.node(name), n);
    }

    void job(Job job, int tasks) {
        Job stored = job.withVersion(1, Instant.EPOCH);
        put(Keys.job(job.name()), stored);
        for (int i = 0; i < tasks; i++) {
            Task t = Task.pending(job.name() + "-" + i, stored, i, 0, Instant.EPOCH);
            put(Keys.task(t.id()), t);
        }
    }

    void put(String key, Object value) {
        store.commit(Txn.builder().put(key, Codec.encode(value)).build());
        sync();
    }

    void sync() {
        cache.awaitRevision(store.revision(), Duration.ofSeconds(10));
    }

    /** From the store itself, not the view: what the live tasks on each node reserve. */
    Map<String, Resources> reservedByNode() {
        Map<String, Resources> out = new HashMap<>();
        for (KeyValue kv : store.list(Keys.TASKS).items()) {
            Task t = Codec.decode(kv.value(), Task.class);
            if (t.node() != null && t.state().holdsResources()) out.merge(t.node(), t.resources(), Resources::plus);
        }
        return out;
    }

    Map<String, Node> nodes() {
        Map<String, Node> out = new HashMap<>();
        for (KeyValue kv : store.list(Keys.NODES).items()) {
            Node n = Codec.decode(kv.value(), Node.class);
            out.put(n.name(), n);
        }
        return out;
    }

    List<Task> tasks() {
        return store.list(Keys.TASKS).items().stream().map(kv -> Codec.decode(kv.value(), Task.class)).toList();
    }

    @Override
    public void close() {
        cache.close();
        timer.close();
        store.close();
    }
}

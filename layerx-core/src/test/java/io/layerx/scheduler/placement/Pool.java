package io.layerx.scheduler.placement;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.scheduler.Proposal;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Txn;
import io.layerx.testkit.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A hand-made pool in a real store and view, for exact placement tests. */
final class Pool implements AutoCloseable {
    final InMemoryStore store = new InMemoryStore();
    private final SystemTimer timer = new SystemTimer();
    final StateCache cache = new StateCache(store, timer);
    private int seq;

    Pool() {
        cache.start();
    }

    void put(String key, Object value) {
        long rev = store.commit(Txn.builder().put(key, Codec.encode(value)).build()).revision();
        cache.awaitRevision(rev, Duration.ofSeconds(5));
    }

    /** Stores all records in one transaction. */
    void putAll(Map<String, Object> records) {
        if (records.isEmpty()) return;
        Txn.Builder b = Txn.builder();
        records.forEach((k, v) -> b.put(k, Codec.encode(v)));
        cache.awaitRevision(store.commit(b.build()).revision(), Duration.ofSeconds(5));
    }

    Pool cluster(String name, Map<String, String> labels) {
        put(Keys.cluster(name), new Cluster(name, "sim", labels, Map.of(), Instant.EPOCH));
        return this;
    }

    Pool node(String name, String cluster, long cpu, long mem, Map<String, String> labels) {
        put(Keys.node(name), new Node(name, cluster, "sim", Resources.of(cpu, mem), labels, NodeState.READY, "", 0, 0, Instant.EPOCH));
        return this;
    }

    /** Stores the job with version 1. */
    Job job(Job spec) {
        Job job = spec.withVersion(1, Instant.EPOCH);
        put(Keys.job(job.name()), job);
        return job;
    }

    /** A running task of {@code job} on {@code node}. */
    Task running(Job job, String node) {
        String cluster = cache.read(v -> v.node(node).orElseThrow().value().cluster());
        Task t = Task.pending(job.name() + "-r" + (seq++), job, seq, 0, Instant.EPOCH)
                .assigned(node, cluster, Map.of(), Instant.EPOCH).withState(TaskState.RUNNING, "", null, Instant.EPOCH);
        put(Keys.task(t.id()), t);
        return t;
    }

    /** Stores the job with {@code tasks} pending tasks and plans them. */
    Proposal plan(Job spec, int tasks) {
        Job job = job(spec);
        for (int i = 0; i < tasks; i++) put(Keys.task(job.name() + "-" + i), Task.pending(job.name() + "-" + i, job, i, 0, Instant.EPOCH));
        return cache.read(v -> PlacementPass.plan("t", v, job.name(), 1000));
    }

    static List<String> nodes(Proposal p) {
        return p.plan().steps().stream().filter(s -> s instanceof PlanStep.Place).map(s -> ((PlanStep.Place) s).node()).toList();
    }

    static List<String> nominated(Proposal p) {
        return p.plan().steps().stream().filter(s -> s instanceof PlanStep.Nominate).map(s -> ((PlanStep.Nominate) s).node()).toList();
    }

    static List<String> stopped(Proposal p) {
        return p.plan().steps().stream().filter(s -> s instanceof PlanStep.Stop).map(PlanStep::taskId).toList();
    }

    @Override
    public void close() {
        cache.close();
        timer.close();
    }
}

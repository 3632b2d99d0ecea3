package io.layerx.bench.jmh;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Placement;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.sim.SimProvider;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A large view for the inner-loop benchmarks: {@code nodes} simulated nodes over three zones, {@code resident}
 * running tasks spread over them, and one job with {@code pending} pending tasks, written to an embedded store in a
 * scratch folder and loaded by a real {@link StateCache}. Nothing runs but the cache.
 */
public final class PoolFixture implements AutoCloseable {

    public static final String JOB = "bench-job";
    static final Resources NODE = Resources.of(4_000, 16_384);
    static final Resources TASK = Resources.of(100, 128);

    private final Path dir;
    private final Store store;
    private final SystemTimer timer = new SystemTimer();
    private final StateCache cache;

    public PoolFixture(int nodes, int resident, int pending, Strategy strategy, Placement placement) {
        try {
            dir = Files.createTempDirectory("layerx-jmh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = EmbeddedStore.open(dir.resolve("store"));
        Instant now = Instant.now();
        Cluster cluster = new Cluster("pool", SimProvider.KIND, Map.of(), Map.of("nodes", String.valueOf(nodes),
                "cpu", String.valueOf(NODE.cpu()), "memory", String.valueOf(NODE.memory()), "zones", "3"), now);
        List<Node> all = new SimProvider().nodesOf(cluster);
        Batch b = new Batch(store);
        b.put(Keys.cluster(cluster.name()), cluster);
        for (Node n : all) b.put(Keys.node(n.name()), n);
        Job resident0 = job("resident", resident, Strategy.SPREAD, Placement.NONE, now);
        b.put(Keys.job(resident0.name()), resident0);
        for (int i = 0; i < resident; i++) {
            Node n = all.get(i % all.size());
            b.put(Keys.task("resident-" + i), Task.pending("resident-" + i, resident0, i, 0, now)
                    .assigned(n.name(), n.cluster(), Map.of(), now).withState(TaskState.RUNNING, "", null, now));
        }
        Job job = job(JOB, pending, strategy, placement, now);
        b.put(Keys.job(JOB), job);
        for (int i = 0; i < pending; i++) b.put(Keys.task(JOB + "-" + i), Task.pending(JOB + "-" + i, job, i, 0, now));
        b.flush();
        cache = new StateCache(store, timer);
        cache.start();
    }

    public StateCache cache() {
        return cache;
    }

    private static Job job(String name, int replicas, Strategy strategy, Placement placement, Instant now) {
        TaskSpec spec = new TaskSpec("exec", List.of("sleep", "3600"), null, Map.of(), TASK, List.of(), null);
        return new Job(name, JobType.SERVICE, replicas, strategy, Job.DEFAULT_PRIORITY, Map.of("app", name), List.of(),
                spec, 0, false, 1, now, placement);
    }

    @Override
    public void close() {
        cache.close();
        timer.close();
        store.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes in transactions of 5,000 keys. */
    private static final class Batch {
        private final Store store;
        private Txn.Builder txn = Txn.builder();
        private int keys;

        Batch(Store store) {
            this.store = store;
        }

        void put(String key, Object value) {
            txn.put(key, Codec.encode(value));
            if (++keys == 5_000) flush();
        }

        void flush() {
            if (!txn.isEmpty()) store.commit(txn.build());
            txn = Txn.builder();
            keys = 0;
        }
    }
}

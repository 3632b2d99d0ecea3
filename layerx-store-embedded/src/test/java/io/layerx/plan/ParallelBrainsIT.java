package io.layerx.plan;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Plan;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.Verdict;
import io.layerx.scheduler.BuiltinBrain;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Txn;
import io.layerx.store.embedded.EmbeddedStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two brains on two real threads plan the same pending work from the same state at the same moment and submit to
 * one applier over the real embedded store: every task is placed exactly once and no node is over-committed; the
 * loser's steps come back refused.
 */
class ParallelBrainsIT {

    private static final int NODES = 20;
    private static final int TASKS = 600;

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void twoBrainsNeverDoublePlace() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store")); SystemTimer timer = new SystemTimer()) {
            StateCache cache = new StateCache(store, timer);
            cache.start();
            Job job = seed(store, cache);
            PlanApplier applier = new PlanApplier(store, cache, InstantSource.system(), new SimpleMeterRegistry());
            Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
            AtomicInteger refused = new AtomicInteger();
            CyclicBarrier together = new CyclicBarrier(2);
            try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
                List<Future<?>> done = new ArrayList<>();
                for (String name : List.of("brain-a", "brain-b")) {
                    done.add(threads.submit(() -> {
                        BuiltinBrain brain = new BuiltinBrain(name, 100);
                        for (int round = 0; round < 40; round++) {
                            Plan plan = cache.read(v -> brain.plan(job.name(), v).plan());
                            together.await();
                            for (Verdict v : applier.apply(plan)) {
                                if (v instanceof Verdict.Accepted a) {
                                    accepted.computeIfAbsent(a.step().taskId(), k -> new AtomicInteger()).incrementAndGet();
                                } else {
                                    refused.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            assertThat(accepted).hasSize(TASKS);
            assertThat(accepted.values()).allMatch(n -> n.get() == 1);
            assertThat(refused.get()).isPositive();
            assertNoNodeOverCommitted(store);
            cache.close();
        }
    }

    private static Job seed(EmbeddedStore store, StateCache cache) {
        Txn.Builder txn = Txn.builder();
        for (int i = 0; i < NODES; i++) {
            Node n = new Node("n" + i, "c", "sim", Resources.of(4000, 8192), Map.of(), NodeState.READY, "", 0, 0, Instant.EPOCH);
            txn.put(Keys.node(n.name()), Codec.encode(n));
        }
        Job job = aJob().named("work").replicas(TASKS).binpack().cpu(100).memory(64).build().withVersion(1, Instant.EPOCH);
        txn.put(Keys.job(job.name()), Codec.encode(job));
        for (int i = 0; i < TASKS; i++) {
            Task t = Task.pending("work-" + i, job, i, 0, Instant.EPOCH);
            txn.put(Keys.task(t.id()), Codec.encode(t));
        }
        long rev = store.commit(txn.build()).revision();
        cache.awaitRevision(rev, Duration.ofSeconds(10));
        return job;
    }

    private static void assertNoNodeOverCommitted(EmbeddedStore store) {
        Map<String, Resources> reserved = new HashMap<>();
        int placed = 0;
        for (KeyValue kv : store.list(Keys.TASKS).items()) {
            Task t = Codec.decode(kv.value(), Task.class);
            if (t.node() == null) continue;
            placed++;
            reserved.merge(t.node(), t.resources(), Resources::plus);
        }
        assertThat(placed).isEqualTo(TASKS);
        reserved.forEach((node, r) -> assertThat(Resources.of(4000, 8192).fits(r)).as("%s holds %s", node, r).isTrue());
    }
}

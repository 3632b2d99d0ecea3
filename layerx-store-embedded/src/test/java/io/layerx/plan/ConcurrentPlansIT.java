package io.layerx.plan;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.clock.SystemTimer;
import io.layerx.model.GpuDevice;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight brains, one job each, plan at once onto the same few nodes, more work than room, through one applier over
 * the real embedded store. The applier commits outside its lock (its reservations stand in for commits the view does
 * not show yet) and the store groups the commits of the brains: still no node is over-committed, no host port is
 * handed out twice on a node, no GPU device share is handed out twice, and the brains fill the nodes exactly.
 */
class ConcurrentPlansIT {

    private static final int NODES = 10;
    private static final Resources CAPACITY = Resources.of(4000, 64 * 1024);
    private static final int BRAINS = 8;
    private static final int TASKS_PER_JOB = 100;
    private static final int ROOM = NODES * 40;

    @TempDir
    Path dir;

    /** Four GPU devices per node; each task asks half of one, so the devices run out first (8 tasks per node). */
    private static final int GPUS = 4;
    private static final int GPU_ROOM = NODES * GPUS * 2;

    @RepeatedTest(3)
    void brainsCommittingTogetherNeverOverCommitANode() throws Exception {
        run(false);
    }

    @RepeatedTest(2)
    void brainsCommittingTogetherNeverHandOutAGpuDevicesShareTwice() throws Exception {
        run(true);
    }

    private void run(boolean gpus) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store")); SystemTimer timer = new SystemTimer()) {
            StateCache cache = new StateCache(store, timer);
            cache.start();
            List<Job> jobs = seed(store, cache, gpus);
            PlanApplier applier = new PlanApplier(store, cache, InstantSource.system(), new SimpleMeterRegistry());
            AtomicInteger refused = new AtomicInteger();
            try (ExecutorService threads = Executors.newFixedThreadPool(BRAINS)) {
                List<Future<?>> done = new ArrayList<>();
                for (Job job : jobs) {
                    done.add(threads.submit(() -> planUntilNoRoom(cache, applier, job, refused)));
                }
                for (Future<?> f : done) f.get();
            }
            assertThat(refused.get()).as("brains collided on nodes").isPositive();
            assertNodesFullNeverOver(store, gpus);
            cache.close();
        }
    }

    /** Plans small batches until the brain sees no room for its job (or a round limit, which the test reports). */
    private static Void planUntilNoRoom(StateCache cache, PlanApplier applier, Job job, AtomicInteger refused) {
        BuiltinBrain brain = new BuiltinBrain("brain-" + job.name(), 10);
        for (int round = 0; round < 1000; round++) {
            Plan plan = cache.read(v -> brain.plan(job.name(), v).plan());
            if (plan.steps().isEmpty()) return null;
            for (Verdict v : applier.apply(plan)) {
                if (v instanceof Verdict.Rejected) refused.incrementAndGet();
            }
        }
        throw new AssertionError("brain of " + job.name() + " never ran out of room");
    }

    private static List<Job> seed(EmbeddedStore store, StateCache cache, boolean gpus) {
        Txn.Builder txn = Txn.builder();
        List<GpuDevice> devices = new ArrayList<>();
        for (int d = 0; gpus && d < GPUS; d++) devices.add(new GpuDevice(d, "sim-gpu", 16_384));
        for (int i = 0; i < NODES; i++) {
            Node n = new Node("n" + i, "c", "sim", CAPACITY, Map.of(), NodeState.READY, "", 0, 0, Instant.EPOCH, devices);
            txn.put(Keys.node(n.name()), Codec.encode(n));
        }
        List<Job> jobs = new ArrayList<>();
        for (int j = 0; j < BRAINS; j++) {
            Job job = aJob().named("work" + j).replicas(TASKS_PER_JOB).binpack().cpu(gpus ? 10 : 100).memory(64).gpu(gpus ? 500 : 0)
                    .port("http", 0).build().withVersion(1, Instant.EPOCH);
            txn.put(Keys.job(job.name()), Codec.encode(job));
            for (int i = 0; i < TASKS_PER_JOB; i++) {
                Task t = Task.pending(job.name() + "-" + i, job, i, 0, Instant.EPOCH);
                txn.put(Keys.task(t.id()), Codec.encode(t));
            }
            jobs.add(job);
        }
        long rev = store.commit(txn.build()).revision();
        cache.awaitRevision(rev, Duration.ofSeconds(10));
        return jobs;
    }

    private static void assertNodesFullNeverOver(EmbeddedStore store, boolean gpus) {
        Map<String, Resources> reserved = new HashMap<>();
        Map<String, Long> deviceShares = new HashMap<>();
        Map<String, Set<Integer>> ports = new HashMap<>();
        int placed = 0;
        for (KeyValue kv : store.list(Keys.TASKS).items()) {
            Task t = Codec.decode(kv.value(), Task.class);
            if (t.node() == null) continue;
            placed++;
            reserved.merge(t.node(), t.resources(), Resources::plus);
            if (gpus) {
                assertThat(t.gpus()).as("task %s holds one device", t.id()).hasSize(1);
                deviceShares.merge(t.node() + "/" + t.gpus().getFirst(), t.resources().gpu(), Long::sum);
            }
            for (int port : t.ports().values()) {
                assertThat(ports.computeIfAbsent(t.node(), n -> new HashSet<>()).add(port))
                        .as("port %s on %s handed out once", port, t.node()).isTrue();
            }
        }
        reserved.forEach((node, r) -> assertThat(CAPACITY.withGpu(gpus ? GPUS * 1000 : 0).fits(r)).as("%s holds %s", node, r).isTrue());
        deviceShares.forEach((device, share) -> assertThat(share).as("device %s handed out", device).isLessThanOrEqualTo(1000));
        assertThat(placed).as("the nodes are filled exactly").isEqualTo(gpus ? GPU_ROOM : ROOM);
    }
}

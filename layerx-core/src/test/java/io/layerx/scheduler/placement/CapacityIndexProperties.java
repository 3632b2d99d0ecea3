package io.layerx.scheduler.placement;

import static io.layerx.scheduler.placement.Pool.nodes;
import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.GpuDevice;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.scheduler.Proposal;
import io.layerx.snapshot.NodeClass;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import io.layerx.store.Keys;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The capacity index against a full scan on random clusters: it returns exactly the nodes whose capacity less what
 * live tasks hold and nominated tasks reserve fits the demand, and whose GPU devices hold its gpu (a share on one
 * device, whole devices idle), fullest first every node in use before an idle one, after random placements, reservations, node
 * resizes and removals; and a sampled pass places every task a full scan places, on nodes the full scan finds
 * feasible.
 */
class CapacityIndexProperties {

    record Demand(long cpu, long memory, long disk, long gpu) {
        Resources resources() {
            return new Resources(cpu, memory, disk, gpu);
        }
    }

    private Pool pool;

    @BeforeTry
    void open() {
        pool = new Pool();
        pool.cluster("c", Map.of());
    }

    @AfterTry
    void close() {
        pool.close();
    }

    @Provide
    Arbitrary<Demand> demands() {
        return Combinators.combine(Arbitraries.longs().between(0, 5000), Arbitraries.longs().between(0, 20_000),
                Arbitraries.of(0L, 1L, 500L, 1000L, 3000L), Arbitraries.of(0L, 0L, 1L, 250L, 460L, 999L, 1000L, 2000L, 4000L))
                .as(Demand::new);
    }

    /**
     * Nodes of random sizes (0, 4 or 8 GPUs) over three label classes, then random tasks running on them, some
     * nominated; a running task with gpu holds the devices {@link GpuShares#choose} gives it on its node.
     */
    private void randomCluster(Random r, int nodeCount, int tasks) {
        Map<String, Object> records = new LinkedHashMap<>();
        Map<String, GpuShares> devices = new HashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            Node n = node("n" + i, r);
            records.put(Keys.node(n.name()), n);
            devices.put(n.name(), GpuShares.idle(n.gpus().size()));
        }
        pool.putAll(records);
        records.clear();
        for (int i = 0; i < tasks; i++) {
            String node = "n" + r.nextInt(nodeCount);
            boolean nominated = r.nextInt(4) == 0;
            long gpu = GPUS[r.nextInt(GPUS.length)];
            List<Integer> held = devices.get(node).choose(gpu);
            if (held == null) gpu = 0;
            Job job = aJob().named("j" + i).cpu(r.nextInt(2000)).memory(r.nextInt(8000)).disk(r.nextInt(3) * 500L)
                    .gpu(held == null ? 0 : gpu).build().withVersion(1, Instant.EPOCH);
            records.put(Keys.job(job.name()), job);
            Task t = Task.pending(job.name() + "-0", job, 0, 0, Instant.EPOCH);
            if (nominated) {
                t = t.withNominated(node, "test", Instant.EPOCH);
            } else {
                List<Integer> took = held == null ? List.of() : held;
                devices.put(node, devices.get(node).minus(took, gpu));
                t = t.assigned(node, "c", Map.of(), Instant.EPOCH).withState(TaskState.RUNNING, "", null, Instant.EPOCH)
                        .withGpus(took);
            }
            records.put(Keys.task(t.id()), t);
        }
        pool.putAll(records);
    }

    private static final long[] GPUS = {0, 0, 300, 460, 500, 1000, 2000};

    private static Node node(String name, Random r) {
        Resources capacity = new Resources(500 + r.nextInt(8000), 1000 + r.nextInt(32_000), r.nextInt(3) * 2000L);
        NodeState state = r.nextInt(10) == 0 ? NodeState.DOWN : NodeState.READY;
        List<GpuDevice> gpus = new ArrayList<>();
        int devices = r.nextInt(3) * 4;
        for (int i = 0; i < devices; i++) gpus.add(new GpuDevice(i, "m", 16_384));
        return new Node(name, "c", "sim", capacity, Map.of("rack", "r" + r.nextInt(3)), state, "", 0, 0, Instant.EPOCH,
                gpus);
    }

    @Property(tries = 60)
    void indexReturnsExactlyTheNodesWithRoom(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int nodeCount,
                                            @ForAll @IntRange(max = 120) int tasks, @ForAll("demands") Demand demand,
                                            @ForAll boolean fullestFirst) {
        Random r = new Random(seed);
        randomCluster(r, nodeCount, tasks);
        // changes after the first filing: some nodes resized or relabelled, some removed
        Map<String, Object> resized = new LinkedHashMap<>();
        for (int i = 0; i < nodeCount / 4; i++) {
            String name = "n" + r.nextInt(nodeCount);
            resized.put(Keys.node(name), node(name, r));
        }
        pool.putAll(resized);
        if (nodeCount >= 6) {
            Txn.Builder removals = Txn.builder();
            for (int i = 0; i < nodeCount / 6; i++) removals.delete(Keys.node("n" + r.nextInt(nodeCount)));
            pool.cache.awaitRevision(pool.store.commit(removals.build()).revision(), Duration.ofSeconds(5));
        }
        pool.cache.read(v -> {
            for (NodeClass nc : v.nodeClasses()) {
                List<String> order = new ArrayList<>();
                v.nodesWithRoom(nc, demand.resources(), fullestFirst).forEachRemaining(order::add);
                assertThat(new HashSet<>(order)).as("class %s", nc.key()).isEqualTo(fullScan(v, nc, demand.resources()));
                // fullest first: every node in use before any idle one (emptiest first: the other way round)
                List<Boolean> idle = order.stream().map(n -> v.allocated(n).equals(Resources.ZERO)
                        && v.reserved(n).equals(Resources.ZERO)).toList();
                assertThat(idle).as("idle in walk order").isSortedAccordingTo(fullestFirst
                        ? java.util.Comparator.<Boolean>naturalOrder() : java.util.Comparator.<Boolean>reverseOrder());
            }
            return null;
        });
    }

    private static Set<String> fullScan(View v, NodeClass nc, Resources demand) {
        Set<String> out = new HashSet<>();
        for (String name : nc.nodes()) {
            Node n = v.node(name).orElseThrow().value();
            GpuShares devices = n.gpuFree(v.tasksOnNode(name).stream().map(Versioned::value).toList());
            if (n.capacity().minus(v.allocated(name)).minus(v.reserved(name)).fits(demand) && devices.fits(demand.gpu())) {
                out.add(name);
            }
        }
        return out;
    }

    @Property(tries = 25)
    void sampledPassPlacesWhatTheFullScanPlaces(@ForAll long seed, @ForAll @IntRange(min = 120, max = 300) int nodeCount,
                                                @ForAll @IntRange(max = 200) int tasks,
                                                @ForAll @IntRange(min = 1, max = 150) int toPlace,
                                                @ForAll @IntRange(max = 2) int strategy) {
        Random r = new Random(seed);
        randomCluster(r, nodeCount, tasks);
        var b = aJob().named("new").cpu(100 + r.nextInt(3000)).memory(r.nextInt(8000)).gpu(GPUS[r.nextInt(GPUS.length)]);
        Job spec = (strategy == 0 ? b.binpack() : strategy == 1 ? b.spread() : b.random()).build();
        Proposal sampled = pool.plan(spec, toPlace);
        Proposal full = pool.cache.read(v -> PlacementPass.planFully("t", v, spec.withVersion(1, Instant.EPOCH),
                List.copyOf(v.pendingOf("new")), 1000));
        assertThat(sampled.unplaced()).isEqualTo(full.unplaced());
        Set<String> feasible = pool.cache.read(v -> {
            Set<String> out = new HashSet<>();
            for (Versioned<Node> vn : v.nodes()) {
                if (vn.value().ready() && v.free(vn.value().name()).fits(spec.task().resources())
                        && v.gpuFree(vn.value().name()).fits(spec.task().resources().gpu())) {
                    out.add(vn.value().name());
                }
            }
            return out;
        });
        assertThat(feasible).containsAll(nodes(sampled));
        assertThat(nodes(sampled)).hasSameSizeAs(nodes(full));
    }
}

package io.layerx.scheduler.placement;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.clock.SystemTimer;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact placements on small hand-made clusters. */
class PlacementPassTest {

    private final InMemoryStore store = new InMemoryStore();
    private final SystemTimer timer = new SystemTimer();
    private final StateCache cache = new StateCache(store, timer);

    @BeforeEach
    void start() {
        cache.start();
        put(Keys.cluster("a"), new Cluster("a", "sim", Map.of("env", "prod"), Map.of(), Instant.EPOCH));
        put(Keys.cluster("b"), new Cluster("b", "sim", Map.of("env", "dev"), Map.of(), Instant.EPOCH));
        node("a-1", "a", 1000, 1000, Map.of("zone", "z1"));
        node("a-2", "a", 2000, 2000, Map.of("zone", "z2"));
        node("a-3", "a", 4000, 4000, Map.of("zone", "z3"));
        node("b-1", "b", 4000, 4000, Map.of("zone", "z1"));
    }

    @AfterEach
    void stop() {
        cache.close();
        timer.close();
    }

    private void put(String key, Object value) {
        long rev = store.commit(Txn.builder().put(key, Codec.encode(value)).build()).revision();
        cache.awaitRevision(rev, Duration.ofSeconds(5));
    }

    private void node(String name, String cluster, long cpu, long mem, Map<String, String> labels) {
        put(Keys.node(name), new Node(name, cluster, "sim", Resources.of(cpu, mem), labels, NodeState.READY, "", 0, 0, Instant.EPOCH));
    }

    private Proposal plan(Job spec, int tasks) {
        Job job = spec.withVersion(1, Instant.EPOCH);
        put(Keys.job(job.name()), job);
        for (int i = 0; i < tasks; i++) put(Keys.task(job.name() + "-" + i), Task.pending(job.name() + "-" + i, job, i, 0, Instant.EPOCH));
        return cache.read(v -> PlacementPass.plan("t", v, job.name(), 1000));
    }

    private static List<String> nodes(Proposal p) {
        return p.plan().steps().stream().map(s -> ((PlanStep.Place) s).node()).toList();
    }

    @Test
    void binpackFillsTheFullestNodeThatFits() {
        assertThat(nodes(plan(aJob().named("j").binpack().cpu(500).memory(500).constraint("cluster.name == a").build(), 3)))
                .containsExactly("a-1", "a-1", "a-2");
    }

    @Test
    void spreadPutsEachReplicaOnANewNodeEmptiestFirst() {
        assertThat(nodes(plan(aJob().named("j").spread().cpu(500).memory(500).constraint("cluster.name == a").build(), 4)))
                .containsExactly("a-3", "a-2", "a-1", "a-3");
    }

    @Test
    void constraintsOnClusterAndNodeLabels() {
        assertThat(nodes(plan(aJob().named("j").cpu(100).constraint("cluster.labels.env == prod")
                .constraint("node.labels.zone in (z1, z3)").build(), 2))).containsExactlyInAnyOrder("a-1", "a-3");
        assertThat(nodes(plan(aJob().named("k").cpu(100).constraint("node.labels.zone != z1")
                .constraint("cluster.name not in (b)").build(), 2))).containsExactlyInAnyOrder("a-2", "a-3");
    }

    @Test
    void infeasibleJobSaysWhichFiltersRemovedHowManyNodes() {
        Proposal p = plan(aJob().named("j").cpu(3000).memory(100).constraint("cluster.name == a").build(), 2);
        assertThat(nodes(p)).containsExactly("a-3");
        assertThat(p.unplaced()).isEqualTo(1);
        assertThat(p.problems()).containsExactly("1 of 2 tasks not placed: 4 nodes evaluated",
                "constraint cluster.name == a filtered 1 node", "insufficient cpu on 3 nodes");
    }

    @Test
    void lostNodesAndStaticPortsAreRespected() {
        node("a-3", "a", 4000, 4000, Map.of("zone", "z3"));
        put(Keys.node("a-3"), cache.read(v -> v.node("a-3").orElseThrow().value()).withState(NodeState.LOST));
        Proposal p = plan(aJob().named("j").cpu(10).port("http", 8080).constraint("cluster.name == a").build(), 3);
        assertThat(nodes(p)).containsExactlyInAnyOrder("a-1", "a-2");
        assertThat(p.problems()).contains("node lost filtered 1 node");
    }
}

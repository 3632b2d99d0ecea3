package io.layerx.scheduler.placement;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.NodeState;
import io.layerx.scheduler.Proposal;
import io.layerx.store.Keys;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact placements on small hand-made clusters. */
class PlacementPassTest {

    private final Pool pool = new Pool();

    @BeforeEach
    void start() {
        pool.cluster("a", Map.of("env", "prod")).cluster("b", Map.of("env", "dev"));
        pool.node("a-1", "a", 1000, 1000, Map.of("zone", "z1"));
        pool.node("a-2", "a", 2000, 2000, Map.of("zone", "z2"));
        pool.node("a-3", "a", 4000, 4000, Map.of("zone", "z3"));
        pool.node("b-1", "b", 4000, 4000, Map.of("zone", "z1"));
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    private Proposal plan(Job spec, int tasks) {
        return pool.plan(spec, tasks);
    }

    @Test
    void binpackFillsTheFullestNodeThatFits() {
        assertThat(Pool.nodes(plan(aJob().named("j").binpack().cpu(500).memory(500).constraint("cluster.name == a").build(), 3)))
                .containsExactly("a-1", "a-1", "a-2");
    }

    @Test
    void spreadPutsEachReplicaOnANewNodeEmptiestFirst() {
        assertThat(Pool.nodes(plan(aJob().named("j").spread().cpu(500).memory(500).constraint("cluster.name == a").build(), 4)))
                .containsExactly("a-3", "a-2", "a-1", "a-3");
    }

    @Test
    void constraintsOnClusterAndNodeLabels() {
        assertThat(Pool.nodes(plan(aJob().named("j").cpu(100).constraint("cluster.labels.env == prod")
                .constraint("node.labels.zone in (z1, z3)").build(), 2))).containsExactlyInAnyOrder("a-1", "a-3");
        assertThat(Pool.nodes(plan(aJob().named("k").cpu(100).constraint("node.labels.zone != z1")
                .constraint("cluster.name not in (b)").build(), 2))).containsExactlyInAnyOrder("a-2", "a-3");
    }

    @Test
    void infeasibleJobSaysWhichFiltersRemovedHowManyNodes() {
        Proposal p = plan(aJob().named("j").cpu(3000).memory(100).constraint("cluster.name == a").build(), 2);
        assertThat(Pool.nodes(p)).containsExactly("a-3");
        assertThat(p.unplaced()).isEqualTo(1);
        assertThat(p.problems()).containsExactly("1 of 2 tasks not placed: 4 nodes evaluated",
                "constraint cluster.name == a filtered 1 node", "insufficient cpu on 3 nodes");
    }

    @Test
    void lostNodesAndStaticPortsAreRespected() {
        pool.put(Keys.node("a-3"), pool.cache.read(v -> v.node("a-3").orElseThrow().value()).withState(NodeState.LOST));
        Proposal p = plan(aJob().named("j").cpu(10).port("http", 8080).constraint("cluster.name == a").build(), 3);
        assertThat(Pool.nodes(p)).containsExactlyInAnyOrder("a-1", "a-2");
        assertThat(p.problems()).contains("node lost filtered 1 node");
    }
}

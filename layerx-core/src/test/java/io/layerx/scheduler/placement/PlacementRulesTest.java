package io.layerx.scheduler.placement;

import static io.layerx.scheduler.placement.Pool.nominated;
import static io.layerx.scheduler.placement.Pool.nodes;
import static io.layerx.scheduler.placement.Pool.stopped;
import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Affinity;
import io.layerx.model.Job;
import io.layerx.model.TaskSelector;
import io.layerx.model.Topology;
import io.layerx.scheduler.Proposal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exact placements for every filter, preference and strategy, on a pool of two clusters and three zones:
 * a-1 (z1), a-2 (z2), a-3 (z3) in cluster a; b-1 (z1), b-2 (z2) in cluster b; 4000m / 4000 MiB each.
 */
class PlacementRulesTest {

    private final Pool pool = new Pool();

    @BeforeEach
    void build() {
        pool.cluster("a", Map.of("env", "prod", "region", "eu")).cluster("b", Map.of("env", "dev", "region", "us"));
        pool.node("a-1", "a", 4000, 4000, Map.of("zone", "z1", "disk", "ssd"));
        pool.node("a-2", "a", 4000, 4000, Map.of("zone", "z2"));
        pool.node("a-3", "a", 4000, 4000, Map.of("zone", "z3", "gpu", "t4"));
        pool.node("b-1", "b", 4000, 4000, Map.of("zone", "z1"));
        pool.node("b-2", "b", 4000, 4000, Map.of("zone", "z2"));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void regexGlobAndExistsConstraints() {
        assertThat(nodes(pool.plan(aJob().named("r").constraint("node.name =~ /^[ab]-1$/").build(), 2)))
                .containsExactlyInAnyOrder("a-1", "b-1");
        assertThat(nodes(pool.plan(aJob().named("g").constraint("node.name == b-*").build(), 2)))
                .containsExactlyInAnyOrder("b-1", "b-2");
        assertThat(nodes(pool.plan(aJob().named("e").constraint("node.labels.gpu exists").build(), 1))).containsExactly("a-3");
        assertThat(nodes(pool.plan(aJob().named("n").constraint("node.labels.zone not exists").build(), 1))).isEmpty();
    }

    @Test
    void builtInZoneAndRegionAttributesFallBackToTheCluster() {
        assertThat(nodes(pool.plan(aJob().named("z").constraint("node.zone == z2").build(), 2)))
                .containsExactlyInAnyOrder("a-2", "b-2");
        assertThat(nodes(pool.plan(aJob().named("reg").constraint("node.region == us").build(), 2)))
                .containsExactlyInAnyOrder("b-1", "b-2");
    }

    @Test
    void preferenceWinsOverAnEquallyEmptyNode() {
        assertThat(nodes(pool.plan(aJob().named("p").binpack().prefer("node.labels.disk == ssd", 100).build(), 1)))
                .containsExactly("a-1");
        assertThat(nodes(pool.plan(aJob().named("q").binpack().prefer("cluster.labels.env == dev", 100)
                .prefer("node.zone == z2", 50).build(), 1))).containsExactly("b-2");
    }

    @Test
    void requiredAffinityPlacesNextToTheOtherJob() {
        Job db = pool.job(aJob().named("db").build());
        pool.running(db, "b-2");
        assertThat(nodes(pool.plan(aJob().named("app").affinityToJob("db", Topology.NODE).build(), 2)))
                .containsExactly("b-2", "b-2");
        assertThat(nodes(pool.plan(aJob().named("app-zone").affinityToJob("db", Topology.ZONE).build(), 2)))
                .containsExactlyInAnyOrder("a-2", "b-2");
    }

    @Test
    void requiredAntiAffinityAvoidsTheOtherJobsDomains() {
        Job web = pool.job(aJob().named("web").label("tier", "front").build());
        pool.running(web, "a-1");
        pool.running(web, "a-2");
        Job spec = aJob().named("batchy").replicas(3).affinity(new Affinity(TaskSelector.labels(Map.of("tier", "front")),
                Topology.ZONE, true, true, 0)).build();
        assertThat(nodes(pool.plan(spec, 3))).containsExactly("a-3", "a-3", "a-3");
    }

    @Test
    void selfAntiAffinityByNodeIsOnePerNode() {
        Proposal p = pool.plan(aJob().named("solo").antiAffinityToJob("solo", Topology.NODE).build(), 7);
        assertThat(nodes(p)).hasSize(5).doesNotHaveDuplicates();
        assertThat(p.unplaced()).isEqualTo(2);
        assertThat(p.problems()).anyMatch(s -> s.contains("anti-affinity to job solo by node filtered 5 nodes"));
    }

    @Test
    void selfAffinityByClusterKeepsTheJobTogether() {
        var placed = nodes(pool.plan(aJob().named("gang").cpu(1500).affinityToJob("gang", Topology.CLUSTER).build(), 8));
        assertThat(placed).hasSize(6).allMatch(n -> n.startsWith("a-"));
    }

    @Test
    void hardSpreadOverZonesKeepsMaxSkew() {
        Proposal p = pool.plan(aJob().named("s").binpack().spreadOver(Topology.ZONE, 1, true).build(), 6);
        Map<String, Long> perZone = nodes(p).stream().collect(java.util.stream.Collectors.groupingBy(
                n -> Map.of("a-1", "z1", "b-1", "z1", "a-2", "z2", "b-2", "z2", "a-3", "z3").get(n),
                java.util.stream.Collectors.counting()));
        assertThat(perZone).containsExactlyInAnyOrderEntriesOf(Map.of("z1", 2L, "z2", 2L, "z3", 2L));
    }

    @Test
    void hardSpreadWaitsRatherThanSkew() {
        Proposal p = pool.plan(aJob().named("big").cpu(3000).constraint("cluster.name == a")
                .spreadOver(Topology.ZONE, 1, true).build(), 5);
        assertThat(nodes(p)).containsExactlyInAnyOrder("a-1", "a-2", "a-3");
        assertThat(p.unplaced()).isEqualTo(2);
    }

    @Test
    void perNodeCapAndRandomStrategy() {
        Proposal capped = pool.plan(aJob().named("c").binpack().maxPerNode(2).build(), 4);
        assertThat(nodes(capped).stream().distinct()).hasSize(2);
        Proposal random = pool.plan(aJob().named("rnd").random().maxPerNode(1).build(), 5);
        assertThat(nodes(random)).containsExactlyInAnyOrder("a-1", "a-2", "a-3", "b-1", "b-2");
    }

    @Test
    void preemptionStopsTheCheapestLowerPrioritySetOnlyWhenNeeded() {
        Job low = pool.job(aJob().named("low").priority(10).cpu(2000).build());
        Job mid = pool.job(aJob().named("mid").priority(40).cpu(2000).build());
        for (String n : new String[] {"a-1", "a-2", "a-3", "b-1", "b-2"}) {
            pool.running(n.equals("a-2") ? low : mid, n);
            pool.running(mid, n);
        }
        Proposal p = pool.plan(aJob().named("urgent").priority(90).cpu(2000).build(), 1);
        assertThat(nodes(p)).isEmpty();
        assertThat(nominated(p)).containsExactly("a-2");
        assertThat(stopped(p)).hasSize(1).allMatch(id -> id.startsWith("low-"));
        assertThat(p.problems()).anyMatch(s -> s.startsWith("preempting 1 lower-priority task on a-2"));

        Proposal equal = pool.plan(aJob().named("peer").priority(40).cpu(4000).build(), 1);
        assertThat(stopped(equal)).allMatch(id -> id.startsWith("low-"));
    }

    @Test
    void noPreemptionWhenThereIsRoom() {
        Job low = pool.job(aJob().named("low").priority(10).cpu(2000).build());
        pool.running(low, "a-1");
        Proposal p = pool.plan(aJob().named("hi").priority(90).cpu(2000).build(), 1);
        assertThat(stopped(p)).isEmpty();
        assertThat(nodes(p)).hasSize(1);
    }
}

package io.layerx.scheduler.placement;

import static io.layerx.scheduler.placement.Pool.nominated;
import static io.layerx.scheduler.placement.Pool.nodes;
import static io.layerx.scheduler.placement.Pool.stopped;
import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Topology;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.feasibility.Attributes;
import io.layerx.testkit.JobBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/** Placement invariants over random pools: constraints hold, spread keeps its skew, preemption is minimal. */
class PlacementProperties {

    record NodeShape(long cpu, String zone, String disk) {
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
    Arbitrary<List<NodeShape>> pools() {
        return Combinators.combine(Arbitraries.longs().between(500, 4000), Arbitraries.of("z1", "z2", "z3"),
                Arbitraries.of("ssd", "hdd", "none")).as(NodeShape::new).list().ofMinSize(1).ofMaxSize(15);
    }

    @Provide
    Arbitrary<String> constraints() {
        return Arbitraries.of("node.zone == z1", "node.zone != z2", "node.zone in (z1, z3)", "node.labels.disk exists",
                "node.labels.disk not exists", "node.labels.disk =~ /^s/", "node.name == n1*", "node.labels.disk != hdd");
    }

    private Map<String, Node> build(List<NodeShape> shapes) {
        Map<String, Node> out = new HashMap<>();
        for (int i = 0; i < shapes.size(); i++) {
            NodeShape s = shapes.get(i);
            Map<String, String> labels = new HashMap<>(Map.of("zone", s.zone()));
            if (!s.disk().equals("none")) labels.put("disk", s.disk());
            String name = "n" + i;
            pool.node(name, "c", s.cpu(), 100_000, labels);
            out.put(name, pool.cache.read(v -> v.node(name).orElseThrow().value()));
        }
        return out;
    }

    @Property(tries = 150)
    void hardConstraintsAreNeverViolated(@ForAll("pools") List<NodeShape> shapes, @ForAll("constraints") String c1,
                                         @ForAll("constraints") String c2, @ForAll @IntRange(min = 1, max = 20) int tasks) {
        Map<String, Node> nodes = build(shapes);
        Proposal p = pool.plan(aJob().named("j").cpu(300).constraint(c1).constraint(c2).build(), tasks);
        for (String n : nodes(p)) {
            for (String expr : List.of(c1, c2)) {
                Constraint c = Constraint.parse(expr).constraint();
                assertThat(c.test(Attributes.of(c.attribute(), nodes.get(n), null))).as("%s on %s", expr, n).isTrue();
            }
        }
    }

    @Property(tries = 150)
    void hardSpreadNeverExceedsMaxSkew(@ForAll("pools") List<NodeShape> shapes, @ForAll @IntRange(min = 1, max = 3) int skew,
                                       @ForAll @IntRange(min = 1, max = 30) int tasks, @ForAll boolean binpack) {
        Map<String, Node> nodes = build(shapes);
        JobBuilder b = aJob().named("s").cpu(400).spreadOver(Topology.ZONE, skew, true);
        Proposal p = pool.plan((binpack ? b.binpack() : b.spread()).build(), tasks);
        Map<String, Integer> perZone = new HashMap<>();
        nodes.values().forEach(n -> perZone.put(n.labels().get("zone"), 0));
        nodes(p).forEach(n -> perZone.merge(nodes.get(n).labels().get("zone"), 1, Integer::sum));
        int max = perZone.values().stream().mapToInt(i -> i).max().orElse(0);
        int min = perZone.values().stream().mapToInt(i -> i).min().orElse(0);
        assertThat(max - min).as("per zone %s", perZone).isLessThanOrEqualTo(skew);
    }

    @Property(tries = 150)
    void preemptionEvictsOnlyLowerPriorityAndOnlyWhenNeeded(@ForAll("pools") List<NodeShape> shapes,
                                                            @ForAll @IntRange(max = 100) int priority,
                                                            @ForAll long seed) {
        Map<String, Node> nodes = build(shapes);
        java.util.Random random = new java.util.Random(seed);
        Map<String, Integer> priorities = new HashMap<>();
        Map<String, String> victimNodes = new HashMap<>();
        boolean room = false;
        for (Node n : nodes.values()) {
            long used = 0;
            while (used + 500 <= n.capacity().cpu() && random.nextInt(5) > 0) {
                int p = random.nextInt(101);
                Job owner = pool.job(aJob().named("o" + p).priority(p).cpu(500).build());
                String id = pool.running(owner, n.name()).id();
                priorities.put(id, p);
                victimNodes.put(id, n.name());
                used += 500;
            }
            if (n.capacity().minus(Resources.of(used, 0)).cpu() >= 500) room = true;
        }
        Proposal plan = pool.plan(aJob().named("x").priority(priority).cpu(500).build(), 1);
        List<String> victims = stopped(plan);
        assertThat(victims).allSatisfy(v -> assertThat(priorities.get(v)).isLessThan(priority));
        if (room) assertThat(victims).isEmpty();
        if (!nodes(plan).isEmpty()) assertThat(victims).isEmpty();
        if (!victims.isEmpty()) {
            assertThat(nominated(plan)).as("the task waits where its victims were").hasSize(1);
            assertThat(victims).allSatisfy(v -> assertThat(victimNodes.get(v)).isEqualTo(nominated(plan).getFirst()));
        }
    }
}

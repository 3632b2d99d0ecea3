package io.layerx.plan;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.NodeState;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.Verdict;
import io.layerx.scheduler.BuiltinBrain;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Whatever brains propose, and however stale their view, the applier never over-commits a node and never accepts a
 * step computed from an old task version.
 */
class PlanApplierProperties {

    record NodeShape(long cpu, long memory, boolean ready) {
    }

    record JobShape(int replicas, long cpu, long memory, boolean binpack) {
    }

    private ApplierHarness h;

    @BeforeTry
    void open() {
        h = new ApplierHarness();
    }

    @AfterTry
    void close() {
        h.close();
    }

    @Provide
    Arbitrary<List<NodeShape>> clusters() {
        return Combinators.combine(Arbitraries.longs().between(100, 4000), Arbitraries.longs().between(64, 8192),
                Arbitraries.integers().between(0, 9).map(i -> i > 0)).as(NodeShape::new).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<JobShape>> jobs() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.longs().between(0, 1500),
                Arbitraries.longs().between(0, 3000), Arbitraries.of(true, false)).as(JobShape::new).list().ofMinSize(1).ofMaxSize(8);
    }

    private void build(List<NodeShape> nodes, List<JobShape> jobs) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeShape n = nodes.get(i);
            h.node("n" + i, Resources.of(n.cpu(), n.memory()), n.ready() ? NodeState.READY : NodeState.LOST);
        }
        for (int j = 0; j < jobs.size(); j++) {
            JobShape s = jobs.get(j);
            var b = aJob().named("j" + j).replicas(s.replicas()).cpu(s.cpu()).memory(s.memory());
            h.job((s.binpack() ? b.binpack() : b.spread()).build(), s.replicas());
        }
    }

    /** Brains plan every job on the same snapshot before any plan lands, plus a brain that places at random. */
    @Property(tries = 60)
    void noNodeIsEverOverCommitted(@ForAll("clusters") List<NodeShape> nodes, @ForAll("jobs") List<JobShape> jobs,
                                   @ForAll long seed) {
        build(nodes, jobs);
        Random random = new Random(seed);
        BuiltinBrain brain = new BuiltinBrain("b", 1000);
        for (int round = 0; round < 3; round++) {
            List<Plan> plans = new ArrayList<>();
            for (int j = 0; j < jobs.size(); j++) {
                String job = "j" + j;
                plans.add(h.cache.read(v -> brain.plan(job, v).plan()));
                plans.add(h.cache.read(v -> randomPlan(v.pendingOf(job), nodes.size(), random, v.revision())));
            }
            for (Plan p : plans) {
                h.applier.apply(p);
                assertNothingOverCommitted();
            }
        }
    }

    private static Plan randomPlan(java.util.Collection<Versioned<Task>> pending, int nodes, Random random, long rev) {
        List<PlanStep> steps = new ArrayList<>();
        for (Versioned<Task> t : pending) {
            steps.add(new PlanStep.Place(t.value().id(), t.modRevision(), "n" + random.nextInt(nodes)));
        }
        return new Plan("random", rev, steps);
    }

    private void assertNothingOverCommitted() {
        Map<String, Resources> reserved = h.reservedByNode();
        h.nodes().forEach((name, node) -> {
            Resources r = reserved.getOrDefault(name, Resources.ZERO);
            assertThat(node.capacity().fits(r)).as("node %s reserves %s of %s", name, r, node.capacity()).isTrue();
            if (r.cpu() > 0 || r.memory() > 0) assertThat(node.ready()).as("placed on a %s node", node.state()).isTrue();
        });
    }

    /** Any step stamped with a revision other than the task's current one is refused as stale. */
    @Property(tries = 60)
    void staleStepsAreNeverAccepted(@ForAll("jobs") List<JobShape> jobs, @ForAll long seed) {
        build(List.of(new NodeShape(100_000, 100_000, true), new NodeShape(100_000, 100_000, true)), jobs);
        Random random = new Random(seed);
        List<PlanStep> steps = new ArrayList<>();
        List<Long> current = new ArrayList<>();
        h.cache.read(v -> {
            for (Versioned<Task> t : v.tasks()) {
                long stamped = random.nextBoolean() ? t.modRevision() : t.modRevision() - 1 - random.nextInt(3);
                steps.add(new PlanStep.Place(t.value().id(), stamped, "n" + random.nextInt(2)));
                current.add(t.modRevision());
            }
            return null;
        });
        List<Verdict> verdicts = h.applier.apply(new Plan("p", 0, steps));
        for (int i = 0; i < steps.size(); i++) {
            boolean fresh = steps.get(i).taskRevision() == current.get(i);
            assertThat(verdicts.get(i) instanceof Verdict.Accepted).as("step %s fresh=%s", steps.get(i), fresh).isEqualTo(fresh);
            if (!fresh) assertThat(((Verdict.Rejected) verdicts.get(i)).code()).isEqualTo("stale");
        }
    }

    /** Brains planning two mutually exclusive jobs from one snapshot: the applier keeps them apart. */
    @Property(tries = 20)
    void requiredAntiAffinityHoldsAcrossParallelBrains(@ForAll("clusters") List<NodeShape> nodes) {
        build(nodes, List.of());
        h.job(aJob().named("a").replicas(3).cpu(0).memory(0).antiAffinityToJob("b", "node").build(), 3);
        h.job(aJob().named("b").replicas(3).cpu(0).memory(0).antiAffinityToJob("a", "node").build(), 3);
        BuiltinBrain brain = new BuiltinBrain("b", 1000);
        Plan pa = h.cache.read(v -> brain.plan("a", v).plan());
        Plan pb = h.cache.read(v -> brain.plan("b", v).plan());
        h.applier.apply(pa);
        h.applier.apply(pb);
        java.util.Set<String> nodesOfA = new java.util.HashSet<>();
        java.util.Set<String> nodesOfB = new java.util.HashSet<>();
        for (Task t : h.tasks()) {
            if (t.node() != null) (t.job().equals("a") ? nodesOfA : nodesOfB).add(t.node());
        }
        nodesOfA.retainAll(nodesOfB);
        assertThat(nodesOfA).as("nodes running both a and b").isEmpty();
    }

    /** A plan applied twice changes the store once: every step of the second run is refused. */
    @Property(tries = 30)
    void applyingAPlanTwiceIsApplyingItOnce(@ForAll("clusters") List<NodeShape> nodes, @ForAll("jobs") List<JobShape> jobs) {
        build(nodes, jobs);
        BuiltinBrain brain = new BuiltinBrain("b", 1000);
        for (int j = 0; j < jobs.size(); j++) {
            String job = "j" + j;
            Plan p = h.cache.read(v -> brain.plan(job, v).plan());
            h.applier.apply(p);
            long revision = h.store.revision();
            List<Task> before = h.tasks();
            List<Verdict> again = h.applier.apply(p);
            assertThat(again).allMatch(v -> v instanceof Verdict.Rejected);
            assertThat(h.store.revision()).isEqualTo(revision);
            assertThat(h.tasks()).isEqualTo(before);
            assertThat(h.store.get(Keys.job(job))).isPresent();
        }
    }
}

package io.layerx.plan;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.NodeState;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.model.Verdict;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.placement.PlacementPass;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Keys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preemption through the real applier: the victims stop and the preemptor is nominated in one plan; the room stays
 * reserved for it while the victims shut down and after, and no node is over-committed at any point.
 */
class PreemptionApplyTest {

    private ApplierHarness h;

    @BeforeEach
    void open() {
        h = new ApplierHarness();
        h.node("n0", Resources.of(4000, 4096), NodeState.READY);
        h.job(aJob().named("low").priority(10).replicas(2).cpu(2000).build(), 2);
        for (String id : List.of("low-0", "low-1")) run(id, "n0");
        h.job(aJob().named("high").priority(90).cpu(2000).build(), 1);
        h.job(aJob().named("peer").priority(10).cpu(2000).build(), 1);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theFreedRoomWaitsForThePreemptorAndNothingIsOverCommitted() {
        List<Verdict> first = h.applier.apply(plan("high").plan());
        assertThat(first).hasSize(2).allMatch(v -> v instanceof Verdict.Accepted);
        assertThat(task("high-0").nominated()).isEqualTo("n0");
        assertThat(task("high-0").state()).isEqualTo(TaskState.PENDING);
        Task victim = h.tasks().stream().filter(t -> t.job().equals("low") && t.desired().name().equals("STOP"))
                .findFirst().orElseThrow();
        assertNotOverCommitted();

        assertThat(plan("high").plan().steps()).as("waits, preempts nothing more").isEmpty();
        assertThat(plan("high").problems()).anyMatch(p -> p.contains("wait for preempted tasks to stop"));

        h.put(Keys.task(victim.id()), victim.withState(TaskState.KILLED, "preempted", null, Instant.EPOCH));
        assertThat(plan("peer").plan().steps()).as("an equal-priority job cannot take the reserved room").isEmpty();
        long peerRevision = h.cache.read(v -> v.task("peer-0").orElseThrow().modRevision());
        List<Verdict> forced = h.applier.apply(new Plan("rogue", 0, List.of(new PlanStep.Place("peer-0", peerRevision, "n0"))));
        assertThat(forced.getFirst()).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("insufficient-cpu"));

        Proposal placed = plan("high");
        assertThat(placed.plan().steps()).singleElement().isInstanceOfSatisfying(PlanStep.Place.class,
                p -> assertThat(p.node()).isEqualTo("n0"));
        assertThat(h.applier.apply(placed.plan())).allMatch(v -> v instanceof Verdict.Accepted);
        assertThat(task("high-0").nominated()).isNull();
        assertThat(task("high-0").node()).isEqualTo("n0");
        h.sync();
        Resources reserved = h.cache.read(v -> v.reserved("n0"));
        assertThat(reserved).isEqualTo(Resources.ZERO);
        assertNotOverCommitted();
    }

    private Proposal plan(String job) {
        h.sync();
        return h.cache.read(v -> PlacementPass.plan("t", v, job, 100));
    }

    private void run(String id, String node) {
        Task t = task(id);
        h.put(Keys.task(id), t.assigned(node, "c1", Map.of(), Instant.EPOCH).withState(TaskState.RUNNING, "", null, Instant.EPOCH));
    }

    private Task task(String id) {
        h.sync();
        return h.cache.read(v -> v.task(id).map(Versioned::value)).orElseThrow();
    }

    private void assertNotOverCommitted() {
        h.reservedByNode().forEach((node, used) -> assertThat(h.nodes().get(node).capacity().fits(used))
                .as("%s holds %s", node, used).isTrue());
    }
}

package io.layerx.scheduler.placement;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.PlanStep;
import io.layerx.model.Task;
import io.layerx.scheduler.Proposal;
import io.layerx.store.Keys;
import io.layerx.testkit.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.Test;

/** Jobs of one shape planned in one pass ({@link PlacementPass#planTogether}): as one job of all their tasks. */
class PlanTogetherTest {

    private Pool pool;

    @BeforeTry
    @org.junit.jupiter.api.BeforeEach
    void open() {
        pool = new Pool();
        pool.cluster("c", Map.of());
    }

    @AfterTry
    @org.junit.jupiter.api.AfterEach
    void close() {
        pool.close();
    }

    /** Stores {@code count} one-task jobs named {@code prefix-i} of {@code spec}'s shape. */
    private List<String> oneTaskJobs(String prefix, int count, JobBuilder spec) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = pool.job(spec.named(prefix + i).build());
            pool.put(Keys.task(job.name() + "-0"), Task.pending(job.name() + "-0", job, 0, 0, Instant.EPOCH));
            names.add(job.name());
        }
        return names;
    }

    private Proposal together(List<String> jobs) {
        return pool.cache.read(v -> PlacementPass.planTogether("t", v, jobs, null));
    }

    @Property(tries = 60)
    void jobsPlannedTogetherNeverOverfillANodeAndLeaveATaskOnlyWhenNoNodeHasRoom(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 2000) Integer> cpus,
            @ForAll @IntRange(min = 1, max = 60) int jobs, @ForAll @IntRange(min = 100, max = 900) int cpu,
            @ForAll boolean binpack) {
        Map<String, Long> free = new HashMap<>();
        long room = 0;
        for (int i = 0; i < cpus.size(); i++) {
            pool.node("n" + i, "c", cpus.get(i), 4096, Map.of());
            free.put("n" + i, (long) cpus.get(i));
            room += cpus.get(i) / cpu;
        }
        var spec = aJob().cpu(cpu).memory(16);
        Proposal p = together(oneTaskJobs("j", jobs, binpack ? spec.binpack() : spec));
        for (String node : Pool.nodes(p)) free.merge(node, (long) -cpu, Long::sum);
        assertThat(free.values()).allSatisfy(left -> assertThat(left).isNotNegative());
        assertThat(Pool.nodes(p)).hasSize((int) Math.min(jobs, room));
        assertThat(p.unplaced()).isEqualTo(jobs - (int) Math.min(jobs, room));
    }

    @Test
    void whenRoomRunsShortTheEarlierJobsArePlacedFirst() {
        pool.node("a", "c", 1000, 4096, Map.of());
        List<String> names = oneTaskJobs("first-", 5, aJob().cpu(250).memory(16));
        Proposal p = together(names);
        assertThat(p.unplaced()).isEqualTo(1);
        assertThat(p.plan().steps()).extracting(PlanStep::taskId)
                .containsExactly("first-0-0", "first-1-0", "first-2-0", "first-3-0");
    }

    @Test
    void onlyJobsOfTheFirstJobsShapeArePlanned() {
        pool.node("a", "c", 4000, 4096, Map.of());
        List<String> names = new ArrayList<>(oneTaskJobs("small-", 2, aJob().cpu(100).memory(16)));
        names.addAll(oneTaskJobs("big-", 1, aJob().cpu(200).memory(16)));
        names.addAll(oneTaskJobs("spread-", 1, aJob().cpu(100).memory(16).spreadOver("zone", 1, false)));
        names.addAll(oneTaskJobs("urgent-", 1, aJob().cpu(100).memory(16).priority(90)));
        names.addAll(oneTaskJobs("more-", 1, aJob().cpu(100).memory(16)));
        assertThat(together(names).plan().steps()).extracting(PlanStep::taskId)
                .containsExactly("small-0-0", "small-1-0", "more-0-0");
        assertThat(PlacementPass.shape(aJob().cpu(100).spreadOver("zone", 1, false).build())).isEmpty();
        assertThat(PlacementPass.shape(aJob().cpu(100).system().build())).isEmpty();
        assertThat(PlacementPass.shape(aJob().cpu(100).maxPerNode(1).build())).isEmpty();
    }
}

package io.layerx.scheduler.placement;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.Topology;
import io.layerx.snapshot.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingTest {

    private static List<Versioned<Task>> pending(Job job, int n) {
        List<Versioned<Task>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Versioned<>(Task.pending(job.name() + "-" + i, job, i, 0, Instant.EPOCH), 1));
        return out;
    }

    @Test
    void scoresAShareOfALargePoolLikeKubernetes() {
        Job job = aJob().named("j").build();
        assertThat(Sampling.size(job, pending(job, 1), 10_000)).isEqualTo(500); // 5% of 10,000
        assertThat(Sampling.size(job, pending(job, 1), 1_000)).isEqualTo(420);  // 50% - 8 = 42%
        assertThat(Sampling.size(job, pending(job, 1), 150)).isEqualTo(100);    // never fewer than 100
        assertThat(Sampling.size(job, pending(job, 1000), 10_000)).isEqualTo(2000); // twice the tasks
    }

    @Test
    void smallPoolsAndRulesThatLookAtOtherNodesScanInFull() {
        Job plain = aJob().named("j").build();
        assertThat(Sampling.size(plain, pending(plain, 1), 99)).isZero();
        assertThat(Sampling.size(plain, pending(plain, 100), 150)).isZero(); // 200 would be more than the pool
        Job spread = aJob().named("s").spreadOver(Topology.ZONE, 1, true).build();
        assertThat(Sampling.size(spread, pending(spread, 1), 10_000)).isZero();
        Job preferring = aJob().named("p").prefer("node.zone == z1", 50).build();
        assertThat(Sampling.size(preferring, pending(preferring, 1), 10_000)).isZero();
        Job system = aJob().named("y").system().build();
        assertThat(Sampling.size(system, pending(system, 1), 10_000)).isZero();
        List<Versioned<Task>> nominated = List.of(new Versioned<>(pending(plain, 1).getFirst().value()
                .withNominated("n1", "preempted", Instant.EPOCH), 1));
        assertThat(Sampling.size(plain, nominated, 10_000)).isZero();
    }
}

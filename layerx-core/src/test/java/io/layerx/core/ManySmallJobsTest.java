package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.JobView;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many one-task jobs at once (the trace's one pod per job): workers plan queued jobs of one shape together; whatever
 * the batches, every job that fits runs, no node takes more than its room, and the rest say why they wait.
 */
class ManySmallJobsTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();

    @Test
    void oneTaskJobsSubmittedAtOnceFillThePoolExactlyAndTheRestWaitWithAReason() throws InterruptedException {
        ControlPlane cp = fixture.core().controlPlane();
        cp.addCluster(Clusters.sim("small", 6, 1000, 8192));
        // 6 nodes x 4 tasks of 250m = 24 fit; 40 one-task jobs of that shape, 10 of another that fits 6 nodes x 2
        try (ExecutorService submits = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 40).forEach(i -> submits.submit(() -> cp.submitJob(aJob().named("one-" + i).replicas(1)
                    .cpu(250).memory(64).binpack().build())));
            IntStream.range(0, 10).forEach(i -> submits.submit(() -> cp.submitJob(aJob().named("half-" + i).replicas(1)
                    .cpu(500).memory(64).binpack().build())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Task> live = cp.tasks(new TaskFilter(null, null, null)).stream()
                    .filter(t -> t.state() == TaskState.RUNNING).toList();
            long pending = cp.jobs().stream().filter(j -> !j.problems().isEmpty()).count();
            return live.stream().mapToLong(t -> t.resources().cpu()).sum() == 6_000 && pending == 50 - live.size();
        });
        List<Task> live = cp.tasks(new TaskFilter(null, null, TaskState.RUNNING));
        Map<String, Long> cpuByNode = live.stream()
                .collect(Collectors.groupingBy(Task::node, Collectors.summingLong(t -> t.resources().cpu())));
        assertThat(cpuByNode).hasSize(6).allSatisfy((node, cpu) -> assertThat(cpu).isEqualTo(1000));
        List<JobView> waiting = cp.jobs().stream().filter(j -> !j.problems().isEmpty()).toList();
        assertThat(waiting).hasSize(50 - live.size()).allSatisfy(j -> assertThat(String.join(" ", j.problems()))
                .contains("cpu"));
    }

    @Test
    void likeJobsThatPreemptAreAllPlacedOnceTheirVictimsStop() throws InterruptedException {
        ControlPlane cp = fixture.core().controlPlane();
        cp.addCluster(Clusters.sim("full", 5, 1000, 8192));
        cp.submitJob(aJob().named("low").replicas(20).cpu(250).memory(64).priority(10).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.running("low").size() == 20);
        // two jobs alike (one shape) that fit only by preempting: nominated, they come back together when room frees
        try (ExecutorService submits = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 2).forEach(i -> submits.submit(() -> cp.submitJob(aJob().named("urgent-" + i)
                    .replicas(5).cpu(250).memory(64).priority(90).build())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.running("urgent-0").size() == 5
                && fixture.running("urgent-1").size() == 5);
        assertThat(fixture.running("low")).hasSize(10);
    }

    @Test
    void unlikeJobsSubmittedAtOnceAreAllPlacedThoughWorkersHandBackAllButOneOfABatch() throws InterruptedException {
        ControlPlane cp = fixture.core().controlPlane();
        cp.addCluster(Clusters.sim("wide", 8, 8000, 16384));
        // every job its own shape: none is planned with another, each one alone, by whichever worker is free
        try (ExecutorService submits = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 60).forEach(i -> submits.submit(() -> cp.submitJob(aJob().named("own-" + i).replicas(2)
                    .cpu(100 + i).memory(64).build())));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cp.tasks(new TaskFilter(null, null, TaskState.RUNNING)).size() == 120);
        assertThat(cp.jobs()).allSatisfy(j -> assertThat(j.problems()).isEmpty());
    }
}

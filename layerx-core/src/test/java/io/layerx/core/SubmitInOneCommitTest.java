package io.layerx.core;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Task;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new job and its pending tasks are written in one commit; the job controller then adds no task of its own. */
class SubmitInOneCommitTest {

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private ControlPlane cp;

    @BeforeEach
    void start() {
        cp = fixture.core().controlPlane();
        cp.addCluster(Clusters.sim("sim-a", 4, 4000, 8192));
    }

    @Test
    void aNewJobsTasksShareTheJobsRevision() {
        cp.submitJob(aJob().named("one").replicas(5).cpu(100).build());

        KeyValue job = fixture.store().get(Keys.job("one")).orElseThrow();
        List<KeyValue> tasks = fixture.store().list(Keys.TASKS).items();
        assertThat(tasks).hasSize(5).allSatisfy(t -> assertThat(t.createRevision()).isEqualTo(job.createRevision()));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.running("one").size() == 5);
        assertThat(cp.tasks(new TaskFilter("one", null, null))).extracting(Task::slot)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void aNewSystemJobGetsOneTaskPerEligibleNodeInTheSameCommit() {
        cp.submitJob(aJob().named("agentd").system().constraint("cluster.name == sim-a").build());

        KeyValue job = fixture.store().get(Keys.job("agentd")).orElseThrow();
        List<KeyValue> tasks = fixture.store().list(Keys.TASKS).items();
        assertThat(tasks).hasSize(4).allSatisfy(t -> assertThat(t.createRevision()).isEqualTo(job.createRevision()));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.running("agentd").size() == 4);
        assertThat(cp.tasks(new TaskFilter("agentd", null, null))).hasSize(4);
    }
}

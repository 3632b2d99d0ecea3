package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.store.Codec;
import io.layerx.testkit.InMemoryStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * The master's state survives the master: what is saved loads back (filters, tasks, statuses told, updates not
 * acknowledged), a framework that was away keeps its disconnect time so its failover timeout runs on from it, one
 * that was connected counts as disconnected from the takeover, and a teardown removes both records.
 */
class FrameworkStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void savedFrameworksLoadBackAndATeardownRemovesThem() {
        try (InMemoryStore store = new InMemoryStore()) {
            MasterState state = new MasterState(InstantSource.fixed(T0), MesosMaster.Settings.DEFAULT);
            TaskStatus running = TaskMapping.update("t1", "n1", TaskState.TASK_RUNNING, "", TaskStatus.Source.SOURCE_EXECUTOR, T0);
            Framework away = framework(state, "away");
            away.disconnected = T0.minusSeconds(30);
            away.change = "disconnected";
            away.suppressed = true;
            away.refused.put("n2", T0.plusSeconds(600));
            away.tasks.put("t1", "mesos-job-1");
            away.told.put("t1", running);
            away.queueOf("t1").addLast(new Framework.Pending(running));
            framework(state, "live").change = "failed_over";
            new FrameworkStore(store).save(state);

            Instant takeover = T0.plusSeconds(100);
            Map<String, Framework> loaded = new FrameworkStore(store).load(takeover).stream()
                    .collect(Collectors.toMap(f -> f.id, Function.identity()));
            Framework a = loaded.get("away");
            assertThat(a.disconnected).as("its failover timeout runs on from when it left").isEqualTo(T0.minusSeconds(30));
            assertThat(a.info.getName()).isEqualTo("away");
            assertThat(a.failoverTimeout()).hasSeconds(60);
            assertThat(a.suppressed).isTrue();
            assertThat(a.refused).containsEntry("n2", T0.plusSeconds(600));
            assertThat(a.tasks).containsEntry("t1", "mesos-job-1");
            assertThat(a.told.get("t1")).isEqualTo(running);
            assertThat(a.unacked.get("t1")).extracting(p -> p.status).containsExactly(running);
            assertThat(a.connected()).isFalse();
            Framework l = loaded.get("live");
            assertThat(l.disconnected).as("connected to the master that went away: disconnected since the takeover").isEqualTo(takeover);
            assertThat(l.change).isEqualTo("disconnected");

            FrameworkRecord shown = Codec.decode(store.get(FrameworkStore.PUBLIC + "away").orElseThrow().value(), FrameworkRecord.class);
            assertThat(shown).isEqualTo(new FrameworkRecord("away", "away", "root", List.of("*"), "disconnected", 60.0,
                    T0.minusSeconds(30), Map.of("t1", "mesos-job-1")));

            state.frameworks.remove("away");
            state.removed.add("away");
            new FrameworkStore(store).save(state);
            assertThat(store.get(FrameworkStore.STATE + "away")).isEmpty();
            assertThat(store.get(FrameworkStore.PUBLIC + "away")).isEmpty();
            assertThat(store.get(FrameworkStore.STATE + "live")).isPresent();
        }
    }

    private static Framework framework(MasterState state, String name) {
        Framework f = new Framework(name, FrameworkInfo.newBuilder().setUser("root").setName(name).setFailoverTimeout(60)
                .setId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(name)).build());
        state.frameworks.put(name, f);
        state.changed(f);
        return f;
    }
}

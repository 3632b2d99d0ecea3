package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.testkit.InMemoryStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;

/**
 * After a takeover the failover timer of a framework that was already away runs on from its stored disconnect
 * time, not from the takeover; one that was connected to the old master gets its whole timeout from the takeover.
 */
class FailoverTimerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void timersRunFromTheStoredDisconnectTime() {
        try (InMemoryStore store = new InMemoryStore()) {
            AtomicReference<Instant> now = new AtomicReference<>(T0);
            InstantSource clock = now::get;
            MesosMaster old = new MesosMaster(clock, MesosMaster.Settings.DEFAULT, new FrameworkStore(store));
            old.subscribe(info("stays"), new Subscriber("s1"));
            Subscriber leaves = new Subscriber("s2");
            old.subscribe(info("leaves"), leaves);
            now.set(T0.plusSeconds(1));
            leaves.close();
            old.disconnected(leaves); // "leaves" is away since T0+1s
            old.save();

            now.set(T0.plusSeconds(40)); // the takeover
            MesosMaster next = new MesosMaster(clock, MesosMaster.Settings.DEFAULT, new FrameworkStore(store));
            next.load(Map.of());
            now.set(T0.plusSeconds(60));
            assertThat(next.tick()).as("60 s after T0+1s: not yet").isEmpty();
            now.set(T0.plusSeconds(61));
            assertThat(next.tick()).as("'leaves' ran out 60 s after it left, though the takeover was at T0+40s")
                    .containsExactly("leaves");
            now.set(T0.plusSeconds(99));
            assertThat(next.tick()).containsExactly("leaves");
            now.set(T0.plusSeconds(100));
            assertThat(next.tick()).as("connected ones got 60 s from the takeover").containsExactlyInAnyOrder("stays", "leaves");
        }
    }

    private static FrameworkInfo info(String id) {
        return FrameworkInfo.newBuilder().setUser("root").setName(id).setFailoverTimeout(60)
                .setId(FrameworkID.newBuilder().setValue(id)).build();
    }
}

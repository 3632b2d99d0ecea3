package io.layerx.provider.task.mesos;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.service.ControlPlane;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;

/** A real core on the in-memory store with a simulated cluster, and the Mesos API on a free loopback port. */
final class SimPool implements AutoCloseable {
    final InMemoryStore store = new InMemoryStore();
    final LayerXCore core;
    final MesosApi api;

    SimPool(int nodes, long cpu, long memory) {
        this(nodes, cpu, memory, MesosMaster.Settings.DEFAULT.firstRetry());
    }

    /** @param retry how long an unacknowledged status update waits before it is sent again */
    SimPool(int nodes, long cpu, long memory, Duration retry) {
        core = LayerXCore.start(store, new CoreOptions(2, Duration.ofSeconds(30), InstantSource.system(), new SimpleMeterRegistry()));
        core.controlPlane().addCluster(Clusters.sim("sim", nodes, cpu, memory));
        api = MesosApi.start(core.controlPlane(), store, "127.0.0.1", 0, new MesosMaster.Settings(Duration.ofSeconds(1),
                MesosMaster.Settings.DEFAULT.offerTimeout(), retry, MesosMaster.Settings.DEFAULT.maxRetry()), Duration.ofMillis(100));
    }

    ControlPlane cp() {
        return core.controlPlane();
    }

    MesosClient client() {
        return new MesosClient(api.port());
    }

    @Override
    public void close() {
        api.close();
        core.close();
        store.close();
    }
}

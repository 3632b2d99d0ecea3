package io.layerx.testkit;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.snapshot.Change;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole LayerX core on an {@link InMemoryStore} for each test ({@code @RegisterExtension}), closed after it: the
 * set-up the core's flow tests share.
 */
public final class CoreFixture implements BeforeEachCallback, AfterEachCallback {

    private final Duration resync;
    private InMemoryStore store;
    private LayerXCore core;

    public CoreFixture() {
        this(Duration.ofSeconds(30));
    }

    /** @param resync how often the controllers look at everything again besides reacting to changes */
    public CoreFixture(Duration resync) {
        this.resync = resync;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        store = new InMemoryStore();
        core = start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (core != null) core.close();
        if (store != null) store.close();
    }

    private LayerXCore start() {
        return LayerXCore.start(store, new CoreOptions(2, resync, InstantSource.system(), new SimpleMeterRegistry()));
    }

    public LayerXCore core() {
        return core;
    }

    public ControlPlane cp() {
        return core.controlPlane();
    }

    public InMemoryStore store() {
        return store;
    }

    /** Closes the core and starts another on the same store, as a restarted server does; returns the new one. */
    public LayerXCore restart() {
        core.close();
        core = start();
        return core;
    }

    public List<Task> running(String job) {
        return cp().tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }

    /** Counts the job's running tasks at every task change the view sees from now on. */
    public Sample sampleRunning(String job) {
        Sample s = new Sample();
        core.view().addListener(change -> {
            if (!(change instanceof Change.TaskChanged)) return;
            int n = core.view().read(v -> (int) v.tasksOfJob(job).stream()
                    .filter(t -> t.value().state() == TaskState.RUNNING).count());
            s.fewest.accumulateAndGet(n, Math::min);
            s.most.accumulateAndGet(n, Math::max);
        });
        return s;
    }

    /** The fewest and most running tasks of a job seen so far. */
    public static final class Sample {
        private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger most = new AtomicInteger();

        public int fewest() {
            return fewest.get();
        }

        public int most() {
            return most.get();
        }
    }
}

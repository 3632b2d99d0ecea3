package io.layerx.provider.task.mesos;

import io.layerx.model.Task;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a Mesos master knows, for LayerX: the frameworks, the owners of Mesos jobs, the last task of each, and the
 * outstanding offers; the parts of the master ({@link MesosMaster}, {@link OfferDesk}, {@link StatusUpdates}) share it
 * under its one lock. It also remembers which frameworks changed since the last save ({@link #dirty}) and which were
 * removed, so that {@link FrameworkStore} writes them after the lock is let go.
 */
final class MasterState {

    /** A task's framework and Mesos id. */
    record Owner(String framework, String taskId) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    final Map<String, Framework> frameworks = new LinkedHashMap<>();
    final Map<String, Owner> owners = new HashMap<>();
    final Map<String, Task> lastTask = new HashMap<>();
    final OfferBook offers = new OfferBook();
    /** Frameworks changed since the last save, and frameworks removed (torn down) since then. */
    final Set<String> dirty = new LinkedHashSet<>();
    final Set<String> removed = new LinkedHashSet<>();
    /** Told each change of a framework's life: subscribed, failed_over, disconnected, torn_down (for metrics). */
    Consumer<String> lifeChanges = change -> { };
    final InstantSource clock;
    final MesosMaster.Settings settings;

    MasterState(InstantSource clock, MesosMaster.Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    void changed(Framework f) {
        dirty.add(f.id);
    }
}

package io.layerx.provider.resource.docker;

import io.layerx.clock.Timer;
import io.layerx.model.Resources;
import io.layerx.usage.UsageMeter;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One node of a docker cluster: its engine, what the engine last said of itself, how many probes in a row failed,
 * the engine's event stream, and what the containers LayerX did not create reserve there.
 */
final class EngineNode implements AutoCloseable {

    private final String name;
    private final Endpoint endpoint;
    private final DockerSettings settings;
    private final Engine engine;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Resources> foreign = new HashMap<>();
    private final UsageMeter meter = new UsageMeter();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private Engine.EngineInfo info;
    private volatile int failures;
    private Subscription events;
    private Timer.Cancellable nextProbe;
    private volatile boolean closed;

    EngineNode(String name, Endpoint endpoint, DockerSettings settings) {
        this.name = name;
        this.endpoint = endpoint;
        this.settings = settings;
        this.engine = new Engine(endpoint.address());
    }

    String name() {
        return name;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    DockerSettings settings() {
        return settings;
    }

    Engine engine() {
        return engine;
    }

    /** The last stats reading of each LayerX container: used by the node's one running measurement only. */
    UsageMeter meter() {
        return meter;
    }

    /** True when no measurement of the node's usage runs, and this caller's now does; it calls {@link #doneMeasuring}. */
    boolean startMeasuring() {
        return measuring.compareAndSet(false, true);
    }

    void doneMeasuring() {
        measuring.set(false);
    }

    /** True while the last probe reached the engine. */
    boolean reachable() {
        return failures == 0 && !closed;
    }

    boolean closed() {
        return closed;
    }

    /** The last probe reached the engine; re-reads the engine's info when it has none or was unreachable. */
    void answered() {
        boolean refresh = failures > 0 || knownInfo() == null;
        if (refresh) {
            Engine.EngineInfo i = engine.info();
            lock.lock();
            try {
                info = i;
            } finally {
                lock.unlock();
            }
        }
        failures = 0;
    }

    /** Counts a failed probe; returns how many failed in a row. */
    int failed() {
        closeEvents();
        return ++failures;
    }

    private Engine.EngineInfo knownInfo() {
        lock.lock();
        try {
            return info;
        } finally {
            lock.unlock();
        }
    }

    /** The node's capacity before foreign containers: the endpoint's override per dimension, else the engine's. */
    Resources baseCapacity() {
        Engine.EngineInfo i = knownInfo();
        Resources engineSays = i == null ? Resources.ZERO : i.capacity();
        return new Resources(endpoint.cpu() != null ? endpoint.cpu() : engineSays.cpu(),
                endpoint.memory() != null ? endpoint.memory() : engineSays.memory(),
                endpoint.disk() != null ? endpoint.disk() : 0);
    }

    /**
     * What the running containers LayerX did not create reserve, given the ids of those running now; asks
     * {@code inspect} only about containers it has not seen before.
     */
    Resources foreignReservations(Set<String> running, Function<String, Resources> inspect) {
        lock.lock();
        try {
            foreign.keySet().retainAll(running);
            for (String id : running) foreign.computeIfAbsent(id, inspect);
            return foreign.values().stream().reduce(Resources.ZERO, Resources::plus);
        } finally {
            lock.unlock();
        }
    }

    /** Starts following the engine's events unless it already does (a stream that ended is started again). */
    void ensureEvents(Consumer<Engine.ContainerEvent> onEvent) {
        lock.lock();
        try {
            if ((events != null && !events.ended) || closed) return;
            Subscription s = new Subscription();
            s.handle = engine.events(onEvent, end -> s.ended = true);
            events = s;
        } finally {
            lock.unlock();
        }
    }

    private void closeEvents() {
        Subscription s;
        lock.lock();
        try {
            s = events;
            events = null;
        } finally {
            lock.unlock();
        }
        if (s != null && s.handle != null) {
            try {
                s.handle.close();
            } catch (IOException ignored) {
                // the stream is being dropped
            }
        }
    }

    private static final class Subscription {
        private volatile boolean ended;
        private Closeable handle;
    }

    /** Remembers the next scheduled probe (cancelled on close). */
    void nextProbe(Timer.Cancellable c) {
        lock.lock();
        try {
            if (closed) {
                c.cancel();
            } else {
                nextProbe = c;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (nextProbe != null) nextProbe.cancel();
        } finally {
            lock.unlock();
        }
        closeEvents();
        engine.close();
    }
}

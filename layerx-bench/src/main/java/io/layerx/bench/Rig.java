package io.layerx.bench;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.snapshot.Change;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.embedded.EmbeddedStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What every scenario runs on: a real {@link LayerXCore} over the embedded RocksDB store in a scratch folder
 * (deleted on close), with simulated clusters. A placement counts once the view has applied its commit, which
 * happens only after the store synced it; {@link #committed} re-counts from the store itself.
 */
public final class Rig implements AutoCloseable {

    /** Simulated nodes start tasks this much later, so status reports do not mix into the figures. */
    private static final Duration START_DELAY = Duration.ofHours(1);

    private final Path dir;
    private final Store store;
    private final LayerXCore core;
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong submitTimeouts = new AtomicLong();
    private volatile Predicate<String> counted = job -> true;
    private volatile long target = Long.MAX_VALUE;
    private volatile long lastPlaced;
    private volatile long mark = -1;
    private volatile long markedAt;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition reached = lock.newCondition();

    private Rig(Path dir, Store store, LayerXCore core) {
        this.dir = dir;
        this.store = store;
        this.core = core;
    }

    /** A core with {@code brains} brain workers on a fresh store. */
    public static Rig start(int brains, InstantSource clock) {
        return start(brains, clock, store -> { });
    }

    /** As {@link #start(int, InstantSource)}, with records written to the store before the core starts. */
    public static Rig start(int brains, InstantSource clock, Consumer<Store> preload) {
        Path dir;
        try {
            dir = Files.createTempDirectory("layerx-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Store store = EmbeddedStore.open(dir.resolve("store"));
        preload.accept(store);
        LayerXCore core = LayerXCore.start(store, new CoreOptions(brains, Duration.ofMinutes(10), clock,
                new SimpleMeterRegistry()));
        Rig rig = new Rig(dir, store, core);
        core.view().addListener(rig::onChange);
        return rig;
    }

    private void onChange(Change c) {
        if (c instanceof Change.TaskChanged t && t.before() != null && t.before().pending() && t.after() != null
                && t.after().state() == TaskState.ASSIGNED && counted.test(t.after().job())) {
            lastPlaced = System.nanoTime();
            long n = placed.incrementAndGet();
            if (n == mark) markedAt = lastPlaced;
            if (n >= target) {
                lock.lock();
                try {
                    reached.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Counts from now on only placements of jobs {@code jobs} accepts, from zero. */
    public void countOnly(Predicate<String> jobs) {
        counted = jobs;
        placed.set(0);
    }

    /** Notes when the {@code n}th counted placement is seen ({@link #markedAt}). */
    public void markAt(long n) {
        mark = n;
        markedAt = 0;
    }

    /** {@link System#nanoTime()} when the marked placement was seen; 0 when it was not. */
    public long markedAt() {
        return markedAt;
    }

    /** Also tells {@code listener} every change the view applies (on the view's thread: keep it short). */
    public void listen(Consumer<Change> listener) {
        core.view().addListener(listener);
    }

    /** A simulated cluster of {@code nodes} alike nodes, over {@code zones} zone labels (0: none). */
    public void addSimCluster(String name, int nodes, Resources node, int zones, String nodeLabels) {
        addSimCluster(name, nodes, node, zones, nodeLabels, START_DELAY);
    }

    /**
     * As {@link #addSimCluster(String, int, Resources, int, String)}, with tasks starting {@code startDelay} after
     * they are placed (short for scenarios that need them running, e.g. to migrate them).
     */
    public void addSimCluster(String name, int nodes, Resources node, int zones, String nodeLabels, Duration startDelay) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("nodes", String.valueOf(nodes));
        s.put("cpu", String.valueOf(node.cpu()));
        s.put("memory", String.valueOf(node.memory()));
        s.put("disk", String.valueOf(node.disk()));
        if (node.gpu() > 0) s.put("gpus", String.valueOf(node.gpu() / io.layerx.model.GpuShares.WHOLE));
        s.put("startDelayMs", String.valueOf(startDelay.toMillis()));
        s.put("zones", String.valueOf(zones));
        if (!nodeLabels.isEmpty()) s.put("nodeLabels", nodeLabels);
        core.controlPlane().addCluster(new Cluster(name, "sim", Map.of(), s, null));
    }

    /**
     * Submits through the control plane. When the view does not catch up with the commit in time the control plane
     * answers {@code Unavailable} although the job is stored; submitting the same spec again is a no-op that waits
     * again. Such waits are counted ({@link #submitTimeouts}): they mean the view was held up (a long read).
     */
    public void submit(Job job) {
        for (int attempt = 1; ; attempt++) {
            try {
                core.controlPlane().submitJob(job);
                return;
            } catch (LayerXException.Unavailable e) {
                submitTimeouts.incrementAndGet();
                if (attempt == 5) throw e;
            }
        }
    }

    public long submitTimeouts() {
        return submitTimeouts.get();
    }

    public long placed() {
        return placed.get();
    }

    /** {@link System#nanoTime()} when the last counted placement was seen; {@code since} when none was. */
    public long lastPlacedAt(long since) {
        return Math.max(since, lastPlaced);
    }

    /**
     * Waits until {@code target} placements are counted, or until none came for {@code stall} (the rest cannot be
     * placed), or {@code limit} passed. True when the target was reached.
     */
    public boolean awaitPlaced(long target, Duration stall, Duration limit) throws InterruptedException {
        this.target = target;
        long end = System.nanoTime() + limit.toNanos();
        long last = placed.get();
        long lastMove = System.nanoTime();
        lock.lock();
        try {
            while (placed.get() < target) {
                long now = System.nanoTime();
                if (now > end || now - lastMove > stall.toNanos()) return false;
                reached.await(50, TimeUnit.MILLISECONDS);
                long p = placed.get();
                if (p != last) {
                    last = p;
                    lastMove = System.nanoTime();
                }
            }
            return true;
        } finally {
            lock.unlock();
            this.target = Long.MAX_VALUE;
        }
    }

    /** What the store itself holds placed (on a node, holding resources) of the jobs {@code jobs} accepts. */
    public record Stored(long tasks, int nodes) {
    }

    /** Tasks in the store that {@code which} accepts. */
    public long count(Predicate<Task> which) {
        long n = 0;
        for (KeyValue kv : store.list(Keys.TASKS).items()) if (which.test(Codec.decode(kv.value(), Task.class))) n++;
        return n;
    }

    public Stored committed(Predicate<String> jobs) {
        long n = 0;
        Set<String> nodes = new HashSet<>();
        for (KeyValue kv : store.list(Keys.TASKS).items()) {
            Task t = Codec.decode(kv.value(), Task.class);
            if (t.node() != null && t.state().holdsResources() && jobs.test(t.job())) {
                n++;
                nodes.add(t.node());
            }
        }
        return new Stored(n, nodes.size());
    }

    public Store store() {
        return store;
    }

    public LayerXCore core() {
        return core;
    }

    @Override
    public void close() {
        try {
            core.close();
            store.close();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

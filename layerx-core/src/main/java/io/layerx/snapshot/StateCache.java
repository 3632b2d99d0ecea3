package io.layerx.snapshot;

import io.layerx.clock.Timer;
import io.layerx.model.LayerXException;
import io.layerx.store.CompactedException;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.Store;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's in-memory view of the store, fed by list then watch (the Reflector shape). Brains, controllers and
 * providers read it, never the database. One writer (the store's watch thread) applies each revision under the
 * write lock, then tells the listeners what changed, in revision order.
 */
public final class StateCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateCache.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Store store;
    private final Timer timer;
    private final ClusterState state = new ClusterState();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock revisionLock = new ReentrantLock();
    /**
     * Writers waiting to read their own writes, by the revision each waits for: an advance wakes only those it
     * satisfies (one condition for all would wake thousands of submissions on every revision).
     */
    private final NavigableMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile Watch watch;
    private volatile boolean closed;
    private volatile long revision;

    public StateCache(Store store, Timer timer) {
        this.store = store;
        this.timer = timer;
    }

    /** Loads everything and starts following the store. Listeners added before see the initial load as a resync. */
    public void start() {
        relist();
    }

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Runs {@code reader} on a consistent view. Keep it short: the view does not advance meanwhile. */
    public <T> T read(Function<View, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(state);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long revision() {
        return revision;
    }

    /** Blocks until the view has applied {@code target}, so a writer reads its own writes. */
    public void awaitRevision(long target, Duration timeout) {
        if (revision >= target) return;
        CompletableFuture<Void> reached = new CompletableFuture<>();
        revisionLock.lock();
        try {
            if (revision >= target) return;
            if (closed) throw notReached(target);
            waiters.computeIfAbsent(target, t -> new ArrayList<>()).add(reached);
        } finally {
            revisionLock.unlock();
        }
        try {
            reached.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            forget(target, reached);
        } catch (InterruptedException e) {
            forget(target, reached);
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted waiting for revision " + target, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a revision waiter is only ever completed normally", e);
        }
        if (revision < target) throw notReached(target);
    }

    private LayerXException.Unavailable notReached(long target) {
        return new LayerXException.Unavailable("view did not reach revision " + target + " (at " + revision + ")", null);
    }

    private void forget(long target, CompletableFuture<Void> waiter) {
        revisionLock.lock();
        try {
            List<CompletableFuture<Void>> at = waiters.get(target);
            if (at != null && at.remove(waiter) && at.isEmpty()) waiters.remove(target);
        } finally {
            revisionLock.unlock();
        }
    }

    private void relist() {
        Watch old = watch;
        if (old != null) old.close();
        Range range = store.list("/");
        lock.writeLock().lock();
        try {
            state.clear();
            for (KeyValue kv : range.items()) state.apply(new WatchEvent(WatchEvent.Type.PUT, kv));
            state.setRevision(range.revision());
        } finally {
            lock.writeLock().unlock();
        }
        advanceTo(range.revision());
        publish(List.of(new Change.Resynced()));
        if (!closed) watch = store.watch("/", range.revision() + 1, new Follower());
    }

    private void advanceTo(long r) {
        List<CompletableFuture<Void>> wake = new ArrayList<>();
        revisionLock.lock();
        try {
            revision = r;
            NavigableMap<Long, List<CompletableFuture<Void>>> due = closed ? waiters : waiters.headMap(r, true);
            due.values().forEach(wake::addAll);
            due.clear();
        } finally {
            revisionLock.unlock();
        }
        wake.forEach(w -> w.complete(null));
    }

    private void publish(List<Change> changes) {
        for (Change c : changes) {
            for (Consumer<Change> l : listeners) {
                try {
                    l.accept(c);
                } catch (RuntimeException e) {
                    log.error("view listener failed on {}", c.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) w.close();
        advanceTo(revision);
    }

    private final class Follower implements WatchListener {
        @Override
        public void onEvents(long rev, List<WatchEvent> events) {
            List<Change> changes = new ArrayList<>(events.size());
            lock.writeLock().lock();
            try {
                for (WatchEvent e : events) {
                    Change c = state.apply(e);
                    if (c != null) changes.add(c);
                }
                state.setRevision(rev);
            } finally {
                lock.writeLock().unlock();
            }
            advanceTo(rev);
            publish(changes);
        }

        @Override
        public void onError(Throwable error) {
            if (closed) return;
            if (error instanceof CompactedException) {
                log.info("view fell behind the store's history; re-listing");
            } else {
                log.warn("store watch failed; re-listing", error);
            }
            timer.schedule(Duration.ZERO, () -> relistWithBackoff(Duration.ofMillis(100)));
        }
    }

    private void relistWithBackoff(Duration backoff) {
        if (closed) return;
        try {
            relist();
        } catch (RuntimeException e) {
            Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            log.warn("re-list failed; retrying in {}", backoff, e);
            timer.schedule(backoff, () -> relistWithBackoff(next));
        }
    }
}

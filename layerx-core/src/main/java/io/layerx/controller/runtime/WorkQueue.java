package io.layerx.controller.runtime;

import io.layerx.clock.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed work queue for level-triggered loops (the Helios reactor and JOSDK event processor shape): triggers for a
 * key coalesce while it waits, at most one reconcile of a key runs at a time (a trigger during a run runs it once
 * more after), failures back off exponentially with jitter, and a periodic resync re-enqueues every key. In batch
 * form ({@link BatchReconciler}) a worker takes the key at the head and, without waiting, up to {@code maxBatch - 1}
 * more that wait behind it, in the queue's order, and reconciles them in one call: when keys queue up faster than
 * one reconcile each can drain them, the work per call is shared (adaptive batching, as group commit does for
 * syncs); when they do not, every batch is of one key.
 */
public final class WorkQueue<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private record Entry<K>(K key, long seq) {
    }

    private final String name;
    private final BatchReconciler<K> reconciler;
    private final int maxBatch;
    private final Timer timer;
    private final BlockingQueue<Entry<K>> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<K> waiting = new HashSet<>();
    private final Set<K> running = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Thread[] workers;
    private volatile boolean closed;

    /**
     * @param order which waiting key runs first ({@code null}: first come, first served)
     */
    public WorkQueue(String name, int workers, ThreadFactory threads, Reconciler<K> reconciler, Timer timer,
                     Comparator<K> order) {
        this(name, workers, threads, keys -> reconciler.reconcile(keys.getFirst()) ? Set.of(keys.getFirst()) : Set.of(),
                1, timer, order);
    }

    /**
     * @param maxBatch the most keys one call of {@code reconciler} gets
     * @param order    which waiting key runs first ({@code null}: first come, first served)
     */
    public WorkQueue(String name, int workers, ThreadFactory threads, BatchReconciler<K> reconciler, int maxBatch,
                     Timer timer, Comparator<K> order) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        this.name = name;
        this.reconciler = reconciler;
        this.maxBatch = maxBatch;
        this.timer = timer;
        this.queue = order == null ? new LinkedBlockingQueue<>()
                : new PriorityBlockingQueue<>(64, Comparator.<Entry<K>, K>comparing(Entry::key, order)
                .thenComparingLong(Entry::seq));
        this.workers = new Thread[workers];
        for (int i = 0; i < workers; i++) this.workers[i] = threads.newThread(this::work);
    }

    public void start() {
        for (Thread t : workers) t.start();
    }

    /** Asks for a reconcile of {@code key}; coalesces with a waiting request for the same key. */
    public void enqueue(K key) {
        lock.lock();
        try {
            if (closed) return;
            if (running.contains(key)) {
                dirty.add(key);
            } else if (waiting.add(key)) {
                queue.add(new Entry<>(key, seq.incrementAndGet()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Re-enqueues every key {@code keys} yields now, and again every {@code period}. */
    public void resyncEvery(Duration period, Supplier<? extends Iterable<K>> keys) {
        if (closed) return;
        for (K k : keys.get()) enqueue(k);
        timer.schedule(period, () -> resyncEvery(period, keys));
    }

    private void work() {
        List<Entry<K>> taken = new ArrayList<>(maxBatch);
        while (!closed) {
            taken.clear();
            try {
                taken.add(queue.take());
            } catch (InterruptedException ie) {
                return;
            }
            if (maxBatch > 1) queue.drainTo(taken, maxBatch - 1);
            List<K> keys = new ArrayList<>(taken.size());
            lock.lock();
            try {
                for (Entry<K> e : taken) {
                    waiting.remove(e.key());
                    running.add(e.key());
                    keys.add(e.key());
                }
            } finally {
                lock.unlock();
            }
            Set<K> again = runBatch(keys);
            for (K k : keys) finish(k, again.contains(k));
        }
    }

    private Set<K> runBatch(List<K> keys) {
        try {
            Set<K> again = reconciler.reconcile(List.copyOf(keys));
            lock.lock();
            try {
                keys.forEach(failures::remove);
            } finally {
                lock.unlock();
            }
            return again;
        } catch (RuntimeException ex) {
            if (closed) return Set.of(); // closing: what failed is the shutdown itself, and there is no retry to run
            List<Long> delays = new ArrayList<>(keys.size());
            for (K key : keys) {
                Duration delay = backoff(key);
                delays.add(delay.toMillis());
                timer.schedule(delay, () -> enqueue(key));
            }
            if (keys.size() == 1) {
                log.warn("{}: reconcile of {} failed; retrying in {} ms", name, keys.getFirst(), delays.getFirst(), ex);
            } else {
                log.warn("{}: reconcile of {} keys {} failed; retrying each in {} ms", name, keys.size(), keys, delays, ex);
            }
            return Set.of();
        }
    }

    private void finish(K key, boolean again) {
        boolean rerun;
        lock.lock();
        try {
            running.remove(key);
            rerun = dirty.remove(key) || again;
        } finally {
            lock.unlock();
        }
        if (rerun) enqueue(key);
    }

    private Duration backoff(K key) {
        int n;
        lock.lock();
        try {
            n = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        long base = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(n, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** Keys waiting or running now. */
    public int depth() {
        lock.lock();
        try {
            return waiting.size() + running.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) t.interrupt();
    }
}

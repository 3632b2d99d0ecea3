package io.layerx.provider.resource.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The revision at which each polled node's desired set last changed, and the long-polls waiting for it to move.
 * A node seen for the first time starts at the view's current revision, so a poll from an older revision (an agent
 * that outlived a server restart) is answered at once.
 */
final class NodeSignals {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Long> lastChange = new HashMap<>();
    private final LongSupplier currentRevision;

    NodeSignals(LongSupplier currentRevision) {
        this.currentRevision = currentRevision;
    }

    /** Something of the node's desired set changed at or before {@code revision}. */
    void bump(String node, long revision) {
        lock.lock();
        try {
            if (lastChange.computeIfPresent(node, (k, r) -> Math.max(r, revision)) != null) changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything may have changed (the view was rebuilt). */
    void bumpAll(long revision) {
        lock.lock();
        try {
            lastChange.replaceAll((k, r) -> Math.max(r, revision));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the node's set changed after {@code from}, or {@code wait} passed; returns the revision of the
     * node's last change.
     */
    long await(String node, long from, Duration wait) throws InterruptedException {
        long left = wait.toNanos();
        lock.lock();
        try {
            lastChange.computeIfAbsent(node, k -> currentRevision.getAsLong());
            while (lastChange.get(node) <= from && left > 0) {
                left = changed.awaitNanos(left);
            }
            return lastChange.get(node);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter (on close). */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

package io.layerx.agent;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A wake-up for a loop: {@link #await} returns when {@link #fire} was called since the last await, or at the deadline. */
final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fired = lock.newCondition();
    private boolean pending;

    void fire() {
        lock.lock();
        try {
            pending = true;
            fired.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout}; true when fired. */
    boolean await(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!pending && left > 0) left = fired.awaitNanos(left);
            boolean was = pending;
            pending = false;
            return was;
        } finally {
            lock.unlock();
        }
    }
}

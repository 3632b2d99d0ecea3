package io.layerx.provider.task.docker;

import io.layerx.service.ControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for conditions on the pool: one subscription to the control plane's changes re-checks every waiting
 * condition after each change, and completes those that hold. The change stream may run ahead of the view the
 * conditions read, so a waiter also re-checks after {@link #RECHECK} without news. {@code docker stop}, {@code rm}
 * and {@code wait} block on it.
 */
final class Changes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);
    static final Duration RECHECK = Duration.ofMillis(500);

    private record Waiter(BooleanSupplier condition, CompletableFuture<Boolean> done) {
    }

    private final ControlPlane controlPlane;
    private final InstantSource clock;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile AutoCloseable subscription;

    Changes(ControlPlane controlPlane, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.clock = clock;
    }

    void start() {
        subscription = controlPlane.subscribe(0, e -> recheck(), this::ended);
    }

    private void ended(Throwable why) {
        if (why != null) log.warn("the change stream of the Docker API ended; resubscribing", why);
        if (subscription != null) start();
    }

    private void recheck() {
        for (Waiter w : waiters) {
            try {
                if (w.condition().getAsBoolean()) w.done().complete(true);
            } catch (RuntimeException e) {
                w.done().completeExceptionally(e);
            }
        }
    }

    /** Blocks until {@code condition} holds (true) or {@code max} has passed (false). */
    boolean await(BooleanSupplier condition, Duration max) {
        Waiter w = new Waiter(condition, new CompletableFuture<>());
        waiters.add(w);
        Instant deadline = clock.instant().plus(max);
        try {
            while (!condition.getAsBoolean()) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) return false;
                try {
                    return w.done().get(Math.min(left.toNanos(), RECHECK.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // no change completed it: look again (the view may have caught up since the last change)
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            waiters.remove(w);
        }
    }

    @Override
    public void close() {
        AutoCloseable s = subscription;
        subscription = null;
        waiters.forEach(w -> w.done().complete(false));
        if (s == null) return;
        try {
            s.close();
        } catch (Exception e) {
            log.warn("closing the change stream failed", e);
        }
    }
}

package io.layerx.clock;

import java.time.Duration;

/** Runs work later. Injected wherever logic waits, so tests and simulations can drive time themselves. */
public interface Timer extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not started. */
    Cancellable schedule(Duration delay, Runnable task);

    @Override
    void close();

    interface Cancellable {
        void cancel();
    }
}

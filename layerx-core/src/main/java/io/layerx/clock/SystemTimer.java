package io.layerx.clock;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wall-clock timer: one scheduler thread hands each due task to a virtual thread. */
public final class SystemTimer implements Timer {

    private static final Logger log = LoggerFactory.getLogger(SystemTimer.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("layerx-timer").daemon().factory());

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = scheduler.schedule(
                () -> Thread.ofVirtual().name("timer-task").start(() -> run(task)),
                Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("timer task failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

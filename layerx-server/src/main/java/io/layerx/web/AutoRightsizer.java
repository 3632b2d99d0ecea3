package io.layerx.web;

import io.layerx.model.LayerXException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic right-sizing loop: every {@code every}, one {@link RightsizeRoutes#autoPass} over the jobs labelled
 * {@code rightsize: auto}. The single writer of the jobs' last automatic resizes (the cooldown's clock).
 */
final class AutoRightsizer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRightsizer.class);
    static final Duration EVERY = Duration.ofSeconds(30);

    private final RightsizeRoutes rightsize;
    private final Duration every;
    private final Map<String, Instant> lastResize = new HashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread loop;

    AutoRightsizer(RightsizeRoutes rightsize, Duration every) {
        this.rightsize = rightsize;
        this.every = every;
        this.loop = Thread.ofVirtual().name("rightsize-auto").start(this::run);
    }

    private void run() {
        try {
            while (!closed.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    rightsize.autoPass(lastResize, Instant.now());
                } catch (LayerXException e) {
                    LOG.debug("rightsize auto skipped: {}", e.getMessage()); // no core here now, or a conflict
                } catch (RuntimeException e) {
                    LOG.warn("rightsize auto pass failed; trying again in {}", every, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        loop.interrupt();
    }
}

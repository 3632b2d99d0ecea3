package io.layerx.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.clock.SystemTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueBatchTest {

    private final SystemTimer timer = new SystemTimer();
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private WorkQueue<String> queue;

    @AfterEach
    void stop() {
        if (queue != null) queue.close();
        timer.close();
    }

    /** One worker; the call that holds key "hold" waits for {@link #release}, so the others queue up behind it. */
    private void start(int maxBatch, BatchReconciler<String> then) {
        queue = new WorkQueue<>("test", 1, Thread.ofVirtual().factory(), keys -> {
            calls.add(keys);
            if (keys.contains("hold")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Set.of();
            }
            return then.reconcile(keys);
        }, maxBatch, timer, null);
        queue.start();
        queue.enqueue("hold");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
    }

    private static List<String> keys(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add("k" + i);
        return out;
    }

    @Test
    void keysThatQueueUpBehindABusyWorkerAreTakenTogetherInTheirOrderAndNeverMoreThanTheBatch() {
        start(8, keys -> Set.of());
        keys(20).forEach(queue::enqueue);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().mapToInt(List::size).sum() == 21);
        assertThat(calls.subList(1, calls.size())).extracting(List::size).containsExactly(8, 8, 4);
        assertThat(calls.subList(1, calls.size()).stream().flatMap(List::stream).toList()).isEqualTo(keys(20));
    }

    @Test
    void aKeyWorkerIdleTakesItAlone() {
        start(8, keys -> Set.of());
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
        queue.enqueue("alone");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
        assertThat(calls.get(1)).containsExactly("alone");
    }

    @Test
    void keysReturnedAsAgainRunOnceMoreAndAFailedBatchRetriesEachOfItsKeys() {
        AtomicBoolean failedOnce = new AtomicBoolean();
        start(8, keys -> {
            if (keys.contains("boom") && failedOnce.compareAndSet(false, true)) throw new IllegalStateException("boom");
            return keys.contains("again") && calls.stream().filter(c -> c.contains("again")).count() == 1
                    ? Set.of("again") : Set.of();
        });
        List.of("again", "boom", "plain").forEach(queue::enqueue);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().filter(c -> c.contains("again")).count() == 2
                && calls.stream().filter(c -> c.contains("boom")).count() == 2
                && calls.stream().filter(c -> c.contains("plain")).count() == 2);
        assertThat(calls.get(1)).containsExactly("again", "boom", "plain");
    }
}

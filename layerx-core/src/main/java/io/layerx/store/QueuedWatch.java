package io.layerx.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a store delivers one watch. The store hands it items from any thread ({@link #offer} only appends to an
 * unbounded queue, so a slow listener never stalls the store); the watch's own virtual thread takes them in order and
 * lets the store's {@link Source} turn each into revisions for the listener ({@link #deliver}). Each revision reaches
 * the listener at most once, in order, as one batch; a failure ends the watch with one {@code onError}
 * ({@link #fail}); after {@link #close} returns, no {@code onEvents} call starts. The embedded and the etcd store
 * deliver their watches this way.
 *
 * @param <T> what the store queues
 */
public final class QueuedWatch<T> implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedWatch.class);

    /** The store's side of one watch; every method runs on the watch's thread. */
    public interface Source<T> {
        /** Runs first: replays history, opens a stream. */
        void open() throws InterruptedException;

        /** Handles one item the store offered, in the order offered. */
        void handle(T item) throws InterruptedException;

        /** Runs last, however the watch ended. */
        void ended();
    }

    private sealed interface Item<T> permits Next, Stop {
    }

    private record Next<T>(T value) implements Item<T> {
    }

    private record Stop<T>() implements Item<T> {
    }

    private final String prefix;
    private final WatchListener listener;
    private final LinkedBlockingQueue<Item<T>> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    /** The first revision not delivered yet; only the watch's thread reads and writes it. */
    private long next;

    /**
     * @param prefix   the keys watched, for the thread's name and the log
     * @param from     the first revision to deliver
     * @param listener gets the revisions
     */
    public QueuedWatch(String prefix, long from, WatchListener listener) {
        this.prefix = prefix;
        this.next = from;
        this.listener = listener;
    }

    /** Starts the watch's thread, named {@code kind} and the prefix, which runs {@code source}. */
    public void start(String kind, Source<T> source) {
        Thread.ofVirtual().name(kind + " " + prefix).start(() -> run(source));
    }

    /** Queues {@code item} for the watch's thread, from any thread; nothing once the watch is closed. */
    public void offer(T item) {
        if (!closed) {
            queue.add(new Next<>(item));
        }
    }

    /** Stops delivery: no {@code onEvents} call starts after this returns. */
    @Override
    public void close() {
        closed = true;
        queue.add(new Stop<>());
    }

    /** Whether the watch was closed or failed. */
    public boolean closed() {
        return closed;
    }

    /** The first revision not delivered yet. */
    public long next() {
        return next;
    }

    /**
     * Hands the listener the events of {@code revision} unless that revision, or a later one, was delivered already
     * (nothing when {@code events} is empty or the watch is closed); on the watch's thread, in revision order.
     */
    public void deliver(long revision, List<WatchEvent> events) {
        if (revision < next) {
            return;
        }
        next = revision + 1;
        if (!events.isEmpty() && !closed) {
            listener.onEvents(revision, events);
        }
    }

    /** Ends the watch with {@code cause}: the listener's {@code onError}, once, unless the watch was closed. */
    public void fail(RuntimeException cause) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.onError(cause);
        } catch (RuntimeException e) {
            LOG.warn("the listener of the watch on '{}' failed in onError", prefix, e);
        }
    }

    /**
     * Waits up to {@code time} on the watch's thread; false when the watch was closed meanwhile. Whatever is offered
     * meanwhile ends the wait early and is dropped: a store pauses only after dropping the stream that offered it.
     */
    public boolean pause(Duration time) throws InterruptedException {
        return !(queue.poll(time.toMillis(), TimeUnit.MILLISECONDS) instanceof Stop);
    }

    private void run(Source<T> source) {
        try {
            source.open();
            follow(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            queue.clear();
            source.ended();
        }
    }

    private void follow(Source<T> source) throws InterruptedException {
        while (!closed) {
            switch (queue.take()) {
                case Next<T>(T value) -> source.handle(value);
                case Stop<T>() -> {
                    return;
                }
            }
        }
    }
}

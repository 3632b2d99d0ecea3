package io.layerx.provider.task.mesos;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One open SUBSCRIBE stream: the master puts events in, the request's own (virtual) thread takes them out and writes
 * them. {@link #close} ends the stream after what is queued. The master never blocks on a slow client: the queue is
 * unbounded, and a client that cannot be written to is disconnected by its thread.
 */
final class Subscriber {
    private static final Event END = Event.newBuilder().setType(Event.Type.UNKNOWN).build();

    final String streamId;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Subscriber(String streamId) {
        this.streamId = streamId;
    }

    void send(Event e) {
        if (!closed) queue.add(e);
    }

    /** Ends the stream once what is queued is written. */
    void close() {
        if (closed) return;
        closed = true;
        queue.add(END);
    }

    boolean closed() {
        return closed;
    }

    /** The next event, {@code null} after {@code wait} of silence; empty when the stream is to end. */
    java.util.Optional<Event> next(Duration wait) throws InterruptedException {
        Event e = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == END) return java.util.Optional.empty();
        return java.util.Optional.ofNullable(e).or(() -> java.util.Optional.of(Event.getDefaultInstance()));
    }
}

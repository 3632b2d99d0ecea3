package io.layerx.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.layerx.api.ErrorBody;
import io.layerx.api.EventDto;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.layerx.service.Event;
import io.layerx.store.CompactedException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: Server-Sent Events, one per change ({@code event:} kind, {@code id:} revision,
 * {@code data:} the event JSON). Starts at revision {@code Last-Event-ID}, else at {@code ?from=}, else now. A resumed
 * stream repeats the events of the last revision the client saw, since one revision can hold several events and the
 * client may have been cut off between them: delivery is at least once, never with a gap.
 *
 * <p>Each client has its own bounded queue, filled by the control plane's subscription and drained by the request's
 * own (virtual) thread, so a slow client never holds up the core. A client that falls {@value #BUFFER} events behind
 * is disconnected after what it has buffered; it resumes with {@code Last-Event-ID}. A comment is sent after
 * {@code heartbeat} of silence, which also finds clients that went away; the subscription is closed then.
 */
final class EventStream implements Handler, AutoCloseable {
    static final int BUFFER = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final ControlPlane controlPlane;
    private final Duration heartbeat;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStream(ControlPlane controlPlane, Duration heartbeat) {
        this.controlPlane = controlPlane;
        this.heartbeat = heartbeat;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String accept = ctx.header(Header.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new LayerXException.Invalid("not an event stream request",
                    List.of("GET /v1/events needs the header Accept: text/event-stream"));
        }
        long from = startRevision(ctx);
        // subscribe before the 200 goes out, so that a refusal still gets its own status
        Subscriber subscriber = new Subscriber(from);
        subscriber.subscription = controlPlane.subscribe(from, subscriber::offer, subscriber::end);
        try {
            new SseHandler(client -> stream(client, subscriber)).handle(ctx);
        } catch (Exception | Error e) {
            subscriber.close();
            throw e;
        }
    }

    static long startRevision(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            return Math.max(1, QueryParams.revision("Last-Event-ID", last));
        }
        String from = ctx.queryParam("from");
        return from == null || from.isBlank() ? 0 : QueryParams.revision("from", from);
    }

    private void stream(SseClient client, Subscriber subscriber) {
        Thread self = Thread.currentThread();
        streaming.add(self);
        try (subscriber) {
            long from = subscriber.from;
            client.sendComment("streaming from revision " + (from <= 0 ? "now" : from));
            pump(client, subscriber);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streaming.remove(self);
            client.close();
        }
    }

    private void pump(SseClient client, Subscriber subscriber) throws InterruptedException {
        while (!closed && !client.terminated()) {
            if (subscriber.overflow.get() && subscriber.queue.isEmpty()) {
                LOG.info("an event stream client fell {} events behind; disconnecting it", BUFFER);
                return;
            }
            Throwable ended = subscriber.ended;
            if (ended != null && subscriber.queue.isEmpty()) {
                client.sendEvent("error", ErrorBody.of(ended instanceof CompactedException
                        ? ended.getMessage() + "; list the current state and stream from its revision"
                        : "the event stream ended: " + ended.getMessage()));
                return;
            }
            Event e = subscriber.queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            if (e != null) {
                client.sendEvent(e.kind(), EventDto.of(e), Long.toString(e.revision()));
            } else {
                client.sendComment("keep-alive");
            }
        }
    }

    /** One client's buffer and its subscription; the control plane fills it, the client's thread drains it. */
    private static final class Subscriber implements AutoCloseable {
        final long from;
        final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(BUFFER);
        final AtomicBoolean overflow = new AtomicBoolean();
        volatile AutoCloseable subscription;
        volatile Throwable ended;

        void end(Throwable why) {
            ended = why;
        }

        Subscriber(long from) {
            this.from = from;
        }

        void offer(Event e) {
            if (!overflow.get() && !queue.offer(e)) overflow.set(true);
        }

        @Override
        public void close() {
            try {
                if (subscription != null) subscription.close();
            } catch (Exception e) {
                LOG.warn("closing an event subscription failed: {}", e.toString());
            }
        }
    }

    /** Ends every open stream (their subscriptions close as their threads leave). */
    @Override
    public void close() {
        closed = true;
        streaming.forEach(Thread::interrupt);
    }
}

package io.layerx.store.embedded;

import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: its own virtual thread replays the log from the start revision, then delivers the revisions the
 * committer hands it, in order. The committer only appends to an unbounded queue, so a slow listener never stalls
 * commits. Revisions before {@code liveFrom} come from the log; {@code liveFrom} and later ones from the queue.
 */
final class WatchSession implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(WatchSession.class);

    private sealed interface Item permits Next, Stop {
    }

    private record Next(CommittedRevision revision) implements Item {
    }

    private record Stop() implements Item {
    }

    private final String prefix;
    private final long from;
    private final long liveFrom;
    private final WatchListener listener;
    private final History history;
    private final Consumer<WatchSession> onEnd;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /**
     * @param from     the first revision to deliver
     * @param liveFrom the first revision the committer will {@link #offer}; earlier ones are read from {@code history}
     * @param onEnd    called once the session's thread is done
     */
    WatchSession(String prefix, long from, long liveFrom, WatchListener listener, History history,
            Consumer<WatchSession> onEnd) {
        this.prefix = prefix;
        this.from = from;
        this.liveFrom = liveFrom;
        this.listener = listener;
        this.history = history;
        this.onEnd = onEnd;
    }

    void start() {
        Thread.ofVirtual().name("store-watch " + prefix).start(this::run);
    }

    /** Called by the committer, in revision order, for every revision from {@code liveFrom} on. */
    void offer(CommittedRevision revision) {
        if (!closed) {
            queue.add(new Next(revision));
        }
    }

    /** Stops delivery: no {@code onEvents} call starts after this returns. */
    @Override
    public void close() {
        closed = true;
        queue.add(new Stop());
    }

    private void run() {
        try {
            replay();
            follow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            end(e);
        } finally {
            queue.clear();
            onEnd.accept(this);
        }
    }

    private void replay() {
        long next = from;
        while (next < liveFrom && !closed) {
            List<CommittedRevision> chunk = history.read(next, liveFrom - 1);
            for (CommittedRevision revision : chunk) {
                deliver(revision);
            }
            next = chunk.getLast().revision() + 1;
        }
    }

    private void follow() throws InterruptedException {
        while (!closed) {
            switch (queue.take()) {
                case Next(CommittedRevision revision) -> {
                    if (revision.revision() >= from) {
                        deliver(revision);
                    }
                }
                case Stop() -> {
                    return;
                }
            }
        }
    }

    private void deliver(CommittedRevision revision) {
        List<WatchEvent> mine = revision.under(prefix);
        if (!mine.isEmpty() && !closed) {
            listener.onEvents(revision.revision(), mine);
        }
    }

    private void end(RuntimeException cause) {
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
}

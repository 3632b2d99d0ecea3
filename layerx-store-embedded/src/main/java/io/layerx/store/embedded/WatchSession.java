package io.layerx.store.embedded;

import io.layerx.store.QueuedWatch;
import io.layerx.store.Watch;
import io.layerx.store.WatchListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * One watch: its own virtual thread (a {@link QueuedWatch}) replays the log from the start revision, then delivers
 * the revisions the committer hands it, in order. The committer only appends to an unbounded queue, so a slow
 * listener never stalls commits. Revisions before {@code liveFrom} come from the log; {@code liveFrom} and later ones
 * from the queue.
 */
final class WatchSession implements Watch, QueuedWatch.Source<CommittedRevision> {

    private final String prefix;
    private final long liveFrom;
    private final History history;
    private final Consumer<WatchSession> onEnd;
    private final QueuedWatch<CommittedRevision> queued;

    /**
     * @param from     the first revision to deliver
     * @param liveFrom the first revision the committer will {@link #offer}; earlier ones are read from {@code history}
     * @param onEnd    called once the session's thread is done
     */
    WatchSession(String prefix, long from, long liveFrom, WatchListener listener, History history,
            Consumer<WatchSession> onEnd) {
        this.prefix = prefix;
        this.liveFrom = liveFrom;
        this.history = history;
        this.onEnd = onEnd;
        this.queued = new QueuedWatch<>(prefix, from, listener);
    }

    void start() {
        queued.start("store-watch", this);
    }

    /** Called by the committer, in revision order, for every revision from {@code liveFrom} on. */
    void offer(CommittedRevision revision) {
        queued.offer(revision);
    }

    /** Stops delivery: no {@code onEvents} call starts after this returns. */
    @Override
    public void close() {
        queued.close();
    }

    /** Replays the log up to {@code liveFrom}. */
    @Override
    public void open() {
        while (queued.next() < liveFrom && !queued.closed()) {
            List<CommittedRevision> chunk = history.read(queued.next(), liveFrom - 1);
            for (CommittedRevision revision : chunk) {
                handle(revision);
            }
        }
    }

    @Override
    public void handle(CommittedRevision revision) {
        queued.deliver(revision.revision(), revision.under(prefix));
    }

    @Override
    public void ended() {
        onEnd.accept(this);
    }
}

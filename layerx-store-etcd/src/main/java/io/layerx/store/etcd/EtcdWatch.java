package io.layerx.store.etcd;

import static io.layerx.store.etcd.EtcdStore.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.layerx.store.CompactedException;
import io.layerx.store.KeyValue;
import io.layerx.store.QueuedWatch;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store watch on etcd. jetcd calls back on its event loop, where this only appends to an unbounded queue; the
 * watch's own virtual thread drains it and calls the listener once per revision, in order, so a slow listener
 * stalls nothing but itself.
 *
 * <p>The thread also owns the resumption: when etcd's stream fails (a member died, the connection broke, the member
 * lost its leader), it opens a new etcd watch from the first revision not yet delivered, after a short backoff, and
 * skips what it already delivered. Only a compaction ends the watch, with {@link CompactedException}. Each etcd watch
 * starts one revision early (see {@link EtcdStore#compact}): if etcd has compacted that revision, the one asked for
 * may lack its deletes, so it counts as compacted too.
 */
final class EtcdWatch implements Watch, QueuedWatch.Source<EtcdWatch.Item> {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final byte[] EMPTY = new byte[0];

    sealed interface Item permits Events, Failed {
    }

    /** What etcd watch number {@code generation} delivered. */
    private record Events(int generation, List<io.etcd.jetcd.watch.WatchEvent> events) implements Item {
    }

    private record Failed(int generation, Throwable error) implements Item {
    }

    private final io.etcd.jetcd.Watch client;
    private final String prefix;
    private final ByteSequence key;
    private final ByteSequence rangeEnd;
    private final Consumer<EtcdWatch> onEnd;
    private final QueuedWatch<Item> queued;
    private int generation;
    private io.etcd.jetcd.Watch.Watcher current;
    private Duration backoff = FIRST_BACKOFF;

    EtcdWatch(io.etcd.jetcd.Watch client, String prefix, ByteSequence rangeEnd, long from, WatchListener listener,
              Consumer<EtcdWatch> onEnd) {
        this.client = client;
        this.prefix = prefix;
        this.key = bytes(prefix);
        this.rangeEnd = rangeEnd;
        this.onEnd = onEnd;
        this.queued = new QueuedWatch<>(prefix, from, listener);
    }

    void start() {
        queued.start("etcd-watch", this);
    }

    /** Stops delivery: no {@code onEvents} call starts after this returns. */
    @Override
    public void close() {
        queued.close();
    }

    @Override
    public void handle(Item item) throws InterruptedException {
        switch (item) {
            case Events(int gen, List<io.etcd.jetcd.watch.WatchEvent> events) -> {
                if (gen == generation) {
                    deliver(events);
                    backoff = FIRST_BACKOFF;
                }
            }
            case Failed(int gen, Throwable error) -> {
                if (gen == generation) resume(error);
            }
        }
    }

    /** After a failure of the current etcd watch: ends on compaction, else opens a new one after the backoff. */
    private void resume(Throwable error) throws InterruptedException {
        if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            queued.fail(new CompactedException(queued.next(), c.getCompactedRevision()));
            return;
        }
        LOG.debug("the etcd watch on '{}' failed; resuming from revision {} in {}", prefix, queued.next(), backoff, error);
        stopCurrent();
        if (!queued.pause(backoff)) return;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        open();
    }

    @Override
    public void ended() {
        stopCurrent();
        onEnd.accept(this);
    }

    /** Opens etcd watch number {@code ++generation}, one revision before the first one not delivered yet. */
    @Override
    public void open() {
        int gen = ++generation;
        WatchOption option = WatchOption.builder().withRange(rangeEnd).withRevision(Math.max(1, queued.next() - 1))
                .withRequireLeader(true).build();
        current = client.watch(key, option, new io.etcd.jetcd.Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                queued.offer(new Events(gen, response.getEvents()));
            }

            @Override
            public void onError(Throwable error) {
                queued.offer(new Failed(gen, error));
            }

            @Override
            public void onCompleted() {
                queued.offer(new Failed(gen, new IllegalStateException("etcd ended the watch stream")));
            }
        });
    }

    private void stopCurrent() {
        generation++;
        io.etcd.jetcd.Watch.Watcher w = current;
        current = null;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.debug("closing an etcd watcher failed", e);
            }
        }
    }

    /** Calls the listener once per revision in {@code events} (sorted by revision) not delivered yet. */
    private void deliver(List<io.etcd.jetcd.watch.WatchEvent> events) {
        int i = 0;
        while (i < events.size() && !queued.closed()) {
            long revision = events.get(i).getKeyValue().getModRevision();
            List<WatchEvent> batch = new ArrayList<>();
            for (; i < events.size() && events.get(i).getKeyValue().getModRevision() == revision; i++) {
                batch.add(event(events.get(i)));
            }
            queued.deliver(revision, batch);
        }
    }

    private static WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        return switch (e.getEventType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, EtcdStore.keyValue(kv));
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(EtcdStore.text(kv.getKey()), EMPTY, 0, kv.getModRevision(), 0));
            case UNRECOGNIZED -> throw new IllegalStateException("etcd sent an event of unknown type for "
                    + EtcdStore.text(kv.getKey()));
        };
    }
}

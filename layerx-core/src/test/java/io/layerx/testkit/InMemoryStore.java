package io.layerx.testkit;

import io.layerx.store.CompactedException;
import io.layerx.store.Compare;
import io.layerx.store.KeyValue;
import io.layerx.store.Op;
import io.layerx.store.Range;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Store held in memory, for tests and simulations that need no durability: the same semantics as the real
 * stores (it runs the same conformance suite), with every revision's events kept until compacted.
 */
public final class InMemoryStore implements Store {

    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<String, KeyValue> data = new TreeMap<>();
    private final NavigableMap<Long, List<WatchEvent>> history = new TreeMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long revision;
    private long compacted;

    @Override
    public Optional<KeyValue> get(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(data.get(key));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Range list(String prefix) {
        lock.lock();
        try {
            return new Range(new ArrayList<>(data.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()), revision);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TxnResult commit(Txn txn) {
        lock.lock();
        try {
            List<String> failed = new ArrayList<>();
            for (Compare c : txn.compares()) {
                KeyValue kv = data.get(c.key());
                long actual = kv == null ? 0 : kv.modRevision();
                if (actual != c.modRevision()) failed.add(c.key());
            }
            if (!failed.isEmpty()) return new TxnResult(false, revision, failed);
            if (txn.ops().isEmpty()) return new TxnResult(true, revision, List.of());
            long rev = ++revision;
            List<WatchEvent> events = new ArrayList<>();
            for (Op op : txn.ops()) {
                KeyValue prev = data.get(op.key());
                switch (op) {
                    case Op.Put p -> {
                        KeyValue kv = new KeyValue(p.key(), p.value().clone(), prev == null ? rev : prev.createRevision(),
                                rev, prev == null ? 1 : prev.version() + 1);
                        data.put(p.key(), kv);
                        events.add(new WatchEvent(WatchEvent.Type.PUT, kv));
                    }
                    case Op.Delete d -> {
                        if (prev != null) {
                            data.remove(d.key());
                            events.add(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(d.key(), new byte[0], 0, rev, 0)));
                        }
                    }
                }
            }
            history.put(rev, events);
            for (Watcher w : watchers) w.offer(rev, events);
            return new TxnResult(true, rev, List.of());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        lock.lock();
        try {
            Watcher w = new Watcher(prefix, listener);
            if (fromRevision > 0 && fromRevision <= compacted) {
                w.fail(new CompactedException(fromRevision, compacted));
                return w;
            }
            if (fromRevision > 0) {
                for (Map.Entry<Long, List<WatchEvent>> e : history.tailMap(fromRevision, true).entrySet()) {
                    w.offer(e.getKey(), e.getValue());
                }
            }
            watchers.add(w);
            w.start();
            return w;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void compact(long rev) {
        lock.lock();
        try {
            history.headMap(rev, false).clear();
            compacted = Math.max(compacted, rev - 1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        watchers.forEach(Watcher::close);
        watchers.clear();
    }

    private final class Watcher implements Watch {
        private record Batch(long revision, List<WatchEvent> events, Throwable error) {
        }

        private final String prefix;
        private final WatchListener listener;
        private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
        private volatile Thread thread;
        private volatile boolean closed;

        Watcher(String prefix, WatchListener listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        void offer(long rev, List<WatchEvent> events) {
            List<WatchEvent> mine = events.stream().filter(e -> e.kv().key().startsWith(prefix)).toList();
            if (!mine.isEmpty()) queue.add(new Batch(rev, mine, null));
        }

        void fail(Throwable t) {
            Thread.ofVirtual().start(() -> listener.onError(t));
        }

        void start() {
            thread = Thread.ofVirtual().name("inmem-watch").start(() -> {
                while (!closed) {
                    try {
                        Batch b = queue.take();
                        listener.onEvents(b.revision(), b.events());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() {
            closed = true;
            watchers.remove(this);
            if (thread != null) thread.interrupt();
        }
    }
}

package io.layerx.store.embedded;

import io.layerx.store.Compare;
import io.layerx.store.CompactedException;
import io.layerx.store.KeyValue;
import io.layerx.store.Op;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.WatchEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * The single writer of the embedded store. Under one lock it checks a txn's compares against the stored stamps,
 * writes the changes, the log entry and the new revision in one synced batch, and only then hands the revision to
 * the watches. It also keeps the log at most {@code retainedRevisions} long, trimming it in steps in the same batch.
 */
final class Committer {

    /** The log read for one replay step is about this big at most (one entry more at least). */
    private static final int REPLAY_CHUNK_BYTES = 4 << 20;
    private static final byte[] EMPTY = new byte[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final RocksStorage storage;
    private final WatchHub watches;
    private final long retainedRevisions;
    private final long trimStep;
    private volatile long revision;
    private volatile long firstKept;

    Committer(RocksStorage storage, WatchHub watches, long retainedRevisions) {
        if (retainedRevisions < 1) {
            throw new IllegalArgumentException("retainedRevisions must be at least 1, was " + retainedRevisions);
        }
        this.storage = storage;
        this.watches = watches;
        this.retainedRevisions = retainedRevisions;
        this.trimStep = Math.max(1, retainedRevisions / 16);
        this.revision = storage.revision();
        this.firstKept = storage.firstKept();
    }

    long revision() {
        return revision;
    }

    TxnResult commit(Txn txn) {
        List<String> keys = keysOf(txn);
        lock.lock();
        try {
            Map<String, Stamp> stamps = storage.stamps(keys);
            List<String> failed = failedCompares(txn.compares(), stamps);
            if (!failed.isEmpty()) {
                return new TxnResult(false, revision, failed);
            }
            long next = revision + 1;
            List<WatchEvent> events = changes(txn.ops(), stamps, next);
            if (events.isEmpty()) {
                return new TxnResult(true, revision, List.of());
            }
            CommittedRevision change = new CommittedRevision(next, events);
            long trimTo = next - retainedRevisions + 1 >= firstKept + trimStep ? next - retainedRevisions + 1 : 0;
            storage.append(change, firstKept, trimTo);
            revision = next;
            firstKept = Math.max(firstKept, trimTo);
            watches.publish(change);
            return new TxnResult(true, next, List.of());
        } finally {
            lock.unlock();
        }
    }

    /** The distinct keys the txn reads; rejects a txn that names a key in two ops, or an empty key. */
    private static List<String> keysOf(Txn txn) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> written = new HashSet<>();
        for (Compare c : txn.compares()) {
            keys.add(requireKey(c.key()));
        }
        for (Op op : txn.ops()) {
            if (!written.add(requireKey(op.key()))) {
                throw new IllegalArgumentException("key " + op.key() + " appears in more than one op of a txn");
            }
            if (op instanceof Op.Put put && put.value() == null) {
                throw new IllegalArgumentException("the put of " + put.key() + " has no value");
            }
            keys.add(op.key());
        }
        return List.copyOf(keys);
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a txn names an empty key");
        }
        return key;
    }

    private static List<String> failedCompares(List<Compare> compares, Map<String, Stamp> stamps) {
        Set<String> failed = new LinkedHashSet<>();
        for (Compare c : compares) {
            Stamp stamp = stamps.get(c.key());
            long modRevision = stamp == null ? 0 : stamp.modRevision();
            if (modRevision != c.modRevision()) {
                failed.add(c.key());
            }
        }
        return List.copyOf(failed);
    }

    /** The events of applying {@code ops} at {@code next}, in op order; deletes of missing keys change nothing. */
    private static List<WatchEvent> changes(List<Op> ops, Map<String, Stamp> stamps, long next) {
        List<WatchEvent> events = new ArrayList<>(ops.size());
        for (Op op : ops) {
            Stamp stamp = stamps.get(op.key());
            switch (op) {
                case Op.Put(String key, byte[] value) -> events.add(new WatchEvent(WatchEvent.Type.PUT,
                        new KeyValue(key, value.clone(), stamp == null ? next : stamp.createRevision(), next,
                                stamp == null ? 1 : stamp.version() + 1)));
                case Op.Delete(String key) -> {
                    if (stamp != null) {
                        events.add(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, EMPTY, 0, next, 0)));
                    }
                }
            }
        }
        return events;
    }

    /** Drops the log before {@code compactTo}; a no-op when it is already gone. */
    void compact(long compactTo) {
        lock.lock();
        try {
            if (compactTo > revision) {
                throw new IllegalArgumentException(
                        "cannot compact to revision " + compactTo + ": the newest revision is " + revision);
            }
            if (compactTo > firstKept) {
                storage.trimLog(firstKept, compactTo);
                firstKept = compactTo;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} with the current revision while no commit can happen. */
    <T> T atRevision(LongFunction<T> action) {
        lock.lock();
        try {
            return action.apply(revision);
        } finally {
            lock.unlock();
        }
    }

    /** The {@link History} of this store: the kept log, read in chunks. */
    List<CommittedRevision> history(long from, long to) {
        long kept = firstKept;
        if (from < kept) {
            throw new CompactedException(from, kept - 1);
        }
        List<CommittedRevision> chunk = storage.readLog(from, to, REPLAY_CHUNK_BYTES);
        if (chunk.isEmpty() || chunk.getFirst().revision() != from) {
            throw new CompactedException(from, firstKept - 1);
        }
        return chunk;
    }
}

package io.layerx.store.embedded;

import io.layerx.store.Compare;
import io.layerx.store.CompactedException;
import io.layerx.store.Op;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * The single writer of the embedded store, committing in groups (as RocksDB, etcd and Postgres do). Concurrent
 * callers queue their txns; when no group is being committed, one of them takes the whole queue, checks each txn's compares in
 * order against the stored stamps plus the effects of the txns before it in the group, writes the changes, log
 * entries and newest revision of all that passed in one synced batch, and only then hands the revisions to the
 * watches, in order, and wakes the callers. Each txn keeps its own revision, gapless; no caller hears of a change
 * before the sync that holds it. It also keeps the log at most {@code retainedRevisions} long, trimming it in steps
 * in the same batch. A group takes at most {@code maxGroupTxns} txns and about {@code maxGroupBytes} of values (the
 * first always), as LevelDB bounds its groups: a flood of submissions makes many bounded batches, not one batch of
 * everything that waits.
 */
final class Committer {

    /** The log read for one replay step is about this big at most (one entry more at least). */
    private static final int REPLAY_CHUNK_BYTES = 4 << 20;
    /** The most txns one group commits. */
    static final int MAX_GROUP_TXNS = 4_096;
    /** About the most bytes of values one group commits (a txn bigger than this goes alone). */
    static final long MAX_GROUP_BYTES = 16L << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock queueLock = new ReentrantLock();
    /** The txns waiting for a group, and whether a group is being committed; both under {@code queueLock}. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private boolean leading;
    private final RocksStorage storage;
    private final WatchHub watches;
    private final long retainedRevisions;
    private final long trimStep;
    private final int maxGroupTxns;
    private final long maxGroupBytes;
    private volatile int largestGroup;
    private volatile long revision;
    private volatile long firstKept;

    Committer(RocksStorage storage, WatchHub watches, long retainedRevisions) {
        this(storage, watches, retainedRevisions, MAX_GROUP_TXNS, MAX_GROUP_BYTES);
    }

    Committer(RocksStorage storage, WatchHub watches, long retainedRevisions, int maxGroupTxns, long maxGroupBytes) {
        if (maxGroupTxns < 1 || maxGroupBytes < 1) {
            throw new IllegalArgumentException("a group must hold at least one txn and one byte");
        }
        this.maxGroupTxns = maxGroupTxns;
        this.maxGroupBytes = maxGroupBytes;
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

    /**
     * Commits {@code txn} in a group (LevelDB's writer queue): callers queue; when no group is being committed, the
     * first caller to look leads (the woken head of the queue, or one just arriving), takes every queued txn, commits
     * them in one synced batch (see {@link Group}), then wakes the next head and each caller of the group. Returns
     * once the sync that holds the change is done.
     */
    TxnResult commit(Txn txn) {
        Queued mine = new Queued(txn, keysOf(txn), bytesOf(txn), queueLock.newCondition());
        queueLock.lock();
        try {
            queue.addLast(mine);
        } finally {
            queueLock.unlock();
        }
        while (true) {
            List<Queued> group;
            queueLock.lock();
            try {
                while (!mine.done && leading) {
                    mine.woken.awaitUninterruptibly();
                }
                if (mine.done) {
                    return mine.result();
                }
                leading = true;
                group = takeGroup();
            } finally {
                queueLock.unlock();
            }
            try {
                lock.lock();
                try {
                    commitGroup(group);
                } finally {
                    lock.unlock();
                }
            } finally {
                handOver(group);
            }
            // a full group may have left this txn queued: lead again, or wait for whoever leads now
        }
    }

    /** Under the queue lock: the queued txns of the next group, oldest first, within the group's bounds. */
    private List<Queued> takeGroup() {
        List<Queued> group = new ArrayList<>(Math.min(queue.size(), maxGroupTxns));
        long bytes = 0;
        while (!queue.isEmpty() && group.size() < maxGroupTxns
                && (group.isEmpty() || bytes + queue.peekFirst().bytes <= maxGroupBytes)) {
            Queued q = queue.pollFirst();
            bytes += q.bytes;
            group.add(q);
        }
        largestGroup = Math.max(largestGroup, group.size());
        return group;
    }

    /** The most txns one group has committed so far. */
    int largestGroup() {
        return largestGroup;
    }

    /**
     * Ends the lead and wakes the next head first (so the next group need not wait for the callers of this one to
     * be scheduled), then the group's callers; a txn left undecided fails.
     */
    private void handOver(List<Queued> group) {
        queueLock.lock();
        try {
            leading = false;
            Queued next = queue.peekFirst();
            if (next != null) {
                next.woken.signal();
            }
            for (Queued q : group) {
                if (!q.done) q.fail(new IllegalStateException("the commit group ended before deciding this txn"));
                q.woken.signal();
            }
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Under the commit lock: decides every txn of the group in order, writes them in one batch, then publishes. When
     * the storage fails, every txn of the group fails with it and nothing is published.
     */
    private void commitGroup(List<Queued> group) {
        try {
            Group decided = new Group(revision, storage.stamps(allKeys(group)));
            for (Queued q : group) {
                q.decision = decided.decide(q.txn, q.keys);
            }
            List<CommittedRevision> changes = decided.changes();
            if (!changes.isEmpty()) {
                long newest = decided.revision();
                long trimTo = newest - retainedRevisions + 1 >= firstKept + trimStep ? newest - retainedRevisions + 1 : 0;
                storage.append(changes, firstKept, trimTo);
                revision = newest;
                firstKept = Math.max(firstKept, trimTo);
                changes.forEach(watches::publish);
            }
            group.forEach(Queued::complete);
        } catch (RuntimeException e) {
            group.forEach(q -> q.fail(e));
        }
    }

    private static List<String> allKeys(List<Queued> group) {
        if (group.size() == 1) {
            return group.getFirst().keys;
        }
        Set<String> keys = new LinkedHashSet<>();
        group.forEach(q -> keys.addAll(q.keys));
        return List.copyOf(keys);
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

    private static long bytesOf(Txn txn) {
        long bytes = 0;
        for (Op op : txn.ops()) {
            bytes += op.key().length() + (op instanceof Op.Put put ? put.value().length : 0);
        }
        return bytes;
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a txn names an empty key");
        }
        return key;
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

    /**
     * A txn waiting for its group. The leader sets its outcome without the queue lock, and the caller reads it after
     * taking the queue lock the leader took afterwards to wake it, so the outcome is seen.
     */
    private static final class Queued {
        private final Txn txn;
        private final List<String> keys;
        private final long bytes;
        private final Condition woken;
        private TxnResult decision;
        private RuntimeException failure;
        private volatile boolean done;

        Queued(Txn txn, List<String> keys, long bytes, Condition woken) {
            this.txn = txn;
            this.keys = keys;
            this.bytes = bytes;
            this.woken = woken;
        }

        void complete() {
            done = true;
        }

        void fail(RuntimeException e) {
            if (!done) {
                failure = e;
                done = true;
            }
        }

        TxnResult result() {
            if (failure != null) {
                throw failure;
            }
            return decision;
        }
    }
}

package io.layerx.store.embedded;

import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.Watch;
import io.layerx.store.WatchListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link Store}: RocksDB in one folder, with etcd's semantics.
 *
 * <p>Column family {@code kv} holds the current entries, {@code log} the changes of every kept revision (for
 * watches), {@code meta} the newest and the oldest kept revision. Commits are serialised by one writer that groups
 * the txns of concurrent callers into one synced RocksDB write batch (each txn still gets its own revision), and a
 * caller returns only after the sync that holds its txn, so whatever {@link #commit} returned for survives a crash. Reads go to RocksDB
 * directly; {@link #list} reads a consistent snapshot. Each watch delivers on its own virtual thread. The log keeps
 * the last {@code retainedRevisions} revisions; older ones are compacted as commits go on, or by {@link #compact}.
 */
public final class EmbeddedStore implements Store {

    /** How many revisions of history the store keeps unless told otherwise. */
    public static final long DEFAULT_RETAINED_REVISIONS = 100_000;

    private final Path dir;
    private final RocksStorage storage;
    private final WatchHub watches;
    private final Committer committer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStore(Path dir, RocksStorage storage, long retainedRevisions, int maxGroupTxns) {
        this.dir = dir;
        this.storage = storage;
        this.watches = new WatchHub();
        this.committer = new Committer(storage, watches, retainedRevisions, maxGroupTxns, Committer.MAX_GROUP_BYTES);
    }

    /** Opens (creating when needed) the store in {@code dir}, keeping {@link #DEFAULT_RETAINED_REVISIONS}. */
    public static EmbeddedStore open(Path dir) {
        return open(dir, DEFAULT_RETAINED_REVISIONS);
    }

    /**
     * Opens (creating when needed) the store in {@code dir}, keeping the history of the last
     * {@code retainedRevisions} revisions for watches.
     *
     * @throws LayerXException.Unavailable when the folder cannot be used (for instance, another process has it open)
     */
    public static EmbeddedStore open(Path dir, long retainedRevisions) {
        return open(dir, retainedRevisions, Committer.MAX_GROUP_TXNS);
    }

    /** As {@link #open(Path, long)}, committing at most {@code maxGroupTxns} txns per synced batch. */
    static EmbeddedStore open(Path dir, long retainedRevisions, int maxGroupTxns) {
        Objects.requireNonNull(dir, "dir");
        RocksStorage storage = RocksStorage.open(dir);
        try {
            return new EmbeddedStore(dir, storage, retainedRevisions, maxGroupTxns);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The folder the store lives in. */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return storage.get(key);
    }

    @Override
    public Range list(String prefix) {
        return storage.list(prefix);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when two ops name the same key, a key is empty or a put has no value
     */
    @Override
    public TxnResult commit(Txn txn) {
        return committer.commit(txn);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        return committer.atRevision(current -> {
            long liveFrom = current + 1;
            WatchSession session = new WatchSession(prefix, fromRevision > 0 ? fromRevision : liveFrom, liveFrom,
                    listener, committer::history, watches::remove);
            watches.add(session);
            return session;
        });
    }

    @Override
    public long revision() {
        return committer.revision();
    }

    /**
     * {@inheritDoc} Revision {@code revision} itself stays; compacting to a revision already compacted does nothing.
     *
     * @throws IllegalArgumentException when {@code revision} is newer than the newest commit
     */
    @Override
    public void compact(long revision) {
        committer.compact(revision);
    }

    /** Stops every watch (without calling their listeners) and closes RocksDB. Closing twice does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watches.closeAll();
            storage.close();
        }
    }

    /** The most txns one synced batch has held so far. */
    int largestGroup() {
        return committer.largestGroup();
    }
}

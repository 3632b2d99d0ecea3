package io.layerx.store;

import java.util.Optional;

/**
 * Versioned key-value state, as etcd shapes it: every committed transaction gets the next revision; every key
 * remembers the revisions that created and last changed it; watches replay history from a revision, then follow.
 *
 * <p>Every method that writes returns only once the write is durable: a crash after the return loses nothing.
 * Failures of the storage itself surface as {@link io.layerx.model.LayerXException.Unavailable}.
 */
public interface Store extends AutoCloseable {

    Optional<KeyValue> get(String key);

    /** Every entry whose key starts with {@code prefix}, sorted by key. */
    Range list(String prefix);

    /** Applies the ops atomically if every compare holds. */
    TxnResult commit(Txn txn);

    /**
     * Delivers every change under {@code prefix} with revision {@code >= fromRevision}, then every later one.
     * {@code fromRevision <= 0} means "from the next commit on". A start revision older than the kept history
     * ends the watch at once with {@link CompactedException}.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /** The revision of the newest commit (0 for an empty store). */
    long revision();

    /** Drops history before {@code revision}; watches from older revisions then fail with {@link CompactedException}. */
    void compact(long revision);

    @Override
    void close();
}

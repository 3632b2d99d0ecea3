package io.layerx.store.embedded;

import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.WatchEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * The RocksDB side of the embedded store: typed reads and writes over the {@code kv}, {@code log} and {@code meta}
 * column families (see {@link BinaryFormat}). Every call holds a read lock that {@link #close()} takes exclusively,
 * so that no call ever touches a closed native handle. Failures surface as {@link LayerXException.Unavailable}.
 */
final class RocksStorage implements AutoCloseable {

    private static final byte[] REVISION = BinaryFormat.key("revision");
    private static final byte[] FIRST_KEPT = BinaryFormat.key("first-kept-revision");

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final RocksHandles handles;
    private final RocksDB db;
    private final ColumnFamilyHandle kv;
    private final ColumnFamilyHandle log;
    private final ColumnFamilyHandle meta;
    private boolean closed;

    private RocksStorage(RocksHandles handles) {
        this.handles = handles;
        this.db = handles.db();
        this.kv = handles.kv();
        this.log = handles.log();
        this.meta = handles.meta();
    }

    static RocksStorage open(Path dir) {
        try {
            Files.createDirectories(dir);
            return new RocksStorage(RocksHandles.open(dir));
        } catch (IOException | RocksDBException e) {
            throw new LayerXException.Unavailable(
                    "cannot open the embedded store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The revision of the newest commit, 0 when there is none. */
    long revision() {
        return guarded("read the revision", () -> readLong(REVISION, 0));
    }

    /** The oldest revision the log still keeps (1 when nothing was compacted). */
    long firstKept() {
        return guarded("read the compaction revision", () -> readLong(FIRST_KEPT, 1));
    }

    private long readLong(byte[] name, long absent) throws RocksDBException {
        byte[] bytes = db.get(meta, name);
        return bytes == null ? absent : BinaryFormat.longOf(bytes);
    }

    Optional<KeyValue> get(String key) {
        return guarded("get " + key, () -> {
            byte[] stored = db.get(kv, BinaryFormat.key(key));
            return Optional.ofNullable(stored).map(s -> BinaryFormat.decodeValue(key, s));
        });
    }

    /** The stamps of those of {@code keys} that exist. */
    Map<String, Stamp> stamps(List<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return guarded("read " + keys.size() + " keys", () -> {
            List<byte[]> raw = new ArrayList<>(keys.size());
            for (String key : keys) {
                raw.add(BinaryFormat.key(key));
            }
            List<byte[]> stored = db.multiGetAsList(Collections.nCopies(keys.size(), kv), raw);
            Map<String, Stamp> stamps = HashMap.newHashMap(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                if (stored.get(i) != null) {
                    stamps.put(keys.get(i), BinaryFormat.decodeStamp(stored.get(i)));
                }
            }
            return stamps;
        });
    }

    /** Every entry under {@code prefix}, read from one snapshot together with the revision it shows. */
    Range list(String prefix) {
        return guarded("list " + prefix, () -> {
            Snapshot snapshot = db.getSnapshot();
            byte[] start = BinaryFormat.key(prefix);
            byte[] end = BinaryFormat.upperBound(start);
            try (Slice bound = end == null ? null : new Slice(end);
                    ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
                if (bound != null) {
                    options.setIterateUpperBound(bound);
                }
                byte[] revision = db.get(meta, options, REVISION);
                List<KeyValue> items = scan(options, start);
                return new Range(items, revision == null ? 0 : BinaryFormat.longOf(revision));
            } finally {
                db.releaseSnapshot(snapshot);
            }
        });
    }

    /** Reads keys and values into reused buffers: one value copy per entry, fewer JNI allocations. */
    private List<KeyValue> scan(ReadOptions options, byte[] start) throws RocksDBException {
        List<KeyValue> items = new ArrayList<>();
        byte[] key = new byte[256];
        byte[] value = new byte[4096];
        try (RocksIterator it = db.newIterator(kv, options)) {
            for (it.seek(start); it.isValid(); it.next()) {
                int keyLength = it.key(key);
                if (keyLength > key.length) {
                    key = new byte[keyLength];
                    it.key(key);
                }
                if (!startsWith(key, keyLength, start)) {
                    break;
                }
                int valueLength = it.value(value);
                if (valueLength > value.length) {
                    value = new byte[valueLength];
                    it.value(value);
                }
                items.add(BinaryFormat.decodeValue(BinaryFormat.key(key, keyLength), value, valueLength));
            }
            it.status();
        }
        return items;
    }

    private static boolean startsWith(byte[] key, int keyLength, byte[] prefix) {
        return keyLength >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Writes revisions in one synced batch: their key changes and log entries in order, the newest revision and,
     * when {@code trimTo > trimFrom}, the drop of the log revisions {@code [trimFrom, trimTo)}.
     */
    void append(List<CommittedRevision> changes, long trimFrom, long trimTo) {
        long newest = changes.getLast().revision();
        guarded("commit revisions " + changes.getFirst().revision() + " to " + newest, () -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (CommittedRevision change : changes) {
                    for (WatchEvent e : change.events()) {
                        byte[] key = BinaryFormat.key(e.kv().key());
                        switch (e.type()) {
                            case PUT -> batch.put(kv, key, BinaryFormat.encodeValue(e.kv()));
                            case DELETE -> batch.delete(kv, key);
                        }
                    }
                    batch.put(log, BinaryFormat.longKey(change.revision()), BinaryFormat.encodeEvents(change.events()));
                }
                batch.put(meta, REVISION, BinaryFormat.longKey(newest));
                trim(batch, trimFrom, trimTo);
                db.write(handles.syncWrite(), batch);
            }
            return null;
        });
    }

    /** Drops the log revisions {@code [from, to)} in one synced batch. */
    void trimLog(long from, long to) {
        guarded("compact the log to " + to, () -> {
            try (WriteBatch batch = new WriteBatch()) {
                trim(batch, from, to);
                db.write(handles.syncWrite(), batch);
            }
            return null;
        });
    }

    private void trim(WriteBatch batch, long from, long to) throws RocksDBException {
        if (to > from) {
            batch.deleteRange(log, BinaryFormat.longKey(from), BinaryFormat.longKey(to));
            batch.put(meta, FIRST_KEPT, BinaryFormat.longKey(to));
        }
    }

    /**
     * The log entries from {@code from} to {@code to} (inclusive) that are still kept, in revision order, stopping
     * early once about {@code byteBudget} bytes were read (at least one entry is returned when one exists).
     */
    List<CommittedRevision> readLog(long from, long to, int byteBudget) {
        return guarded("read the log from " + from, () -> {
            List<CommittedRevision> entries = new ArrayList<>();
            long bytes = 0;
            try (Slice bound = new Slice(BinaryFormat.longKey(to + 1));
                    ReadOptions options = new ReadOptions().setIterateUpperBound(bound);
                    RocksIterator it = db.newIterator(log, options)) {
                for (it.seek(BinaryFormat.longKey(from)); it.isValid() && bytes < byteBudget; it.next()) {
                    byte[] entry = it.value();
                    bytes += entry.length;
                    entries.add(BinaryFormat.decodeEvents(BinaryFormat.longOf(it.key()), entry));
                }
                it.status();
            }
            return entries;
        });
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                handles.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private <T> T guarded(String what, RocksCall<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new LayerXException.Unavailable("cannot " + what + ": the embedded store is closed", null);
            }
            return call.run();
        } catch (RocksDBException e) {
            throw new LayerXException.Unavailable("cannot " + what + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @FunctionalInterface
    private interface RocksCall<T> {
        T run() throws RocksDBException;
    }
}

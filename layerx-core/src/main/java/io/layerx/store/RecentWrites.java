package io.layerx.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records this process encoded lately, by their bytes, so that the view, which decodes every record the store
 * delivers, takes its own process's writes back without parsing them (equal bytes, equal immutable record). Each
 * is taken at most once; the memo holds the newest {@link #MAX} and forgets the oldest first (writes that never come
 * back, such as those of a failed txn, or that the view is too far behind to take in time, are parsed as usual).
 */
final class RecentWrites {

    /**
     * Some seconds of writes at the highest rates measured (one-task jobs: a job, its task and the placed task each,
     * 6,000-7,000 jobs/s); the records are the view's own once taken, so what the memo costs is the bytes it keys
     * on, under a kilobyte per record (tens of MiB when full).
     */
    static final int MAX = 65_536;

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Bytes, Object> byBytes = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, Object> eldest) {
            return size() > MAX;
        }
    };

    void remember(byte[] bytes, Object value) {
        Bytes key = new Bytes(bytes);
        lock.lock();
        try {
            byBytes.put(key, value);
        } finally {
            lock.unlock();
        }
    }

    /** The record encoded as {@code bytes} lately, if it is a {@code type}; null otherwise. */
    <T> T take(byte[] bytes, Class<T> type) {
        Bytes key = new Bytes(bytes);
        Object v;
        lock.lock();
        try {
            v = byBytes.remove(key);
        } finally {
            lock.unlock();
        }
        return type.isInstance(v) ? type.cast(v) : null;
    }

    int size() {
        lock.lock();
        try {
            return byBytes.size();
        } finally {
            lock.unlock();
        }
    }

    private record Bytes(byte[] bytes, int hash) {
        Bytes(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && b.hash == hash && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

package io.layerx.store.embedded;

import io.layerx.model.LayerXException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/** The running watches; the committer hands each committed revision to all of them. */
final class WatchHub {

    private final List<WatchSession> sessions = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    /** Registers and starts {@code session}. */
    void add(WatchSession session) {
        lock.lock();
        try {
            if (closed) {
                throw new LayerXException.Unavailable("cannot watch: the embedded store is closed", null);
            }
            sessions.add(session);
            session.start();
        } finally {
            lock.unlock();
        }
    }

    void remove(WatchSession session) {
        sessions.remove(session);
    }

    /** Called under the commit lock, so every session sees revisions in order. */
    void publish(CommittedRevision revision) {
        for (WatchSession s : sessions) {
            s.offer(revision);
        }
    }

    void closeAll() {
        lock.lock();
        try {
            closed = true;
            sessions.forEach(WatchSession::close);
            sessions.clear();
        } finally {
            lock.unlock();
        }
    }
}

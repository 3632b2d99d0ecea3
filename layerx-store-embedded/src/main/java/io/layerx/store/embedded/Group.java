package io.layerx.store.embedded;

import io.layerx.store.Compare;
import io.layerx.store.KeyValue;
import io.layerx.store.Op;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.WatchEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One commit group, decided in queue order as if its txns ran one after another: each txn's compares see the stored
 * stamps plus what the txns before it in the group wrote (an overlay), and each txn that changes something takes the
 * next revision. Single use, under the commit lock.
 */
final class Group {

    private static final byte[] EMPTY = new byte[0];

    private final Map<String, Stamp> stored;
    /** Keys the group wrote so far: the stamp after the write, or empty when deleted. */
    private final Map<String, Optional<Stamp>> written = new HashMap<>();
    private final List<CommittedRevision> changes = new ArrayList<>();
    private long revision;

    /**
     * @param revision the store's newest revision before the group
     * @param stored   the stored stamps of every key the group names (absent keys left out)
     */
    Group(long revision, Map<String, Stamp> stored) {
        this.revision = revision;
        this.stored = stored;
    }

    /** Decides {@code txn} (naming {@code keys}) after every txn decided before it. */
    TxnResult decide(Txn txn, List<String> keys) {
        Map<String, Stamp> stamps = HashMap.newHashMap(keys.size());
        for (String key : keys) {
            Stamp stamp = stampOf(key);
            if (stamp != null) {
                stamps.put(key, stamp);
            }
        }
        List<String> failed = failedCompares(txn.compares(), stamps);
        if (!failed.isEmpty()) {
            return new TxnResult(false, revision, failed);
        }
        long next = revision + 1;
        List<WatchEvent> events = changes(txn.ops(), stamps, next);
        if (events.isEmpty()) {
            return new TxnResult(true, revision, List.of());
        }
        for (WatchEvent e : events) {
            KeyValue kv = e.kv();
            written.put(kv.key(), switch (e.type()) {
                case PUT -> Optional.of(new Stamp(kv.createRevision(), kv.modRevision(), kv.version()));
                case DELETE -> Optional.empty();
            });
        }
        revision = next;
        changes.add(new CommittedRevision(next, events));
        return new TxnResult(true, next, List.of());
    }

    /** The revision after the txns decided so far. */
    long revision() {
        return revision;
    }

    /** The revisions the group writes, in order. */
    List<CommittedRevision> changes() {
        return changes;
    }

    private Stamp stampOf(String key) {
        Optional<Stamp> mine = written.get(key);
        return mine != null ? mine.orElse(null) : stored.get(key);
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
}

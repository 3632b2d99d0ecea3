package io.layerx.provider.task.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The master's state in the store LayerX runs on (embedded or etcd), so that a restarted master, or the next leader,
 * resumes: per framework its info, disconnect time, offer filters, tasks, the last status each task was told and the
 * updates not yet acknowledged ({@link #STATE}), and what {@code /v1/events} shows of it ({@link #PUBLIC}). Offers are
 * not kept: a new master makes new ones. {@link #save} takes a snapshot of the changed frameworks under the master's
 * lock and writes it after, one save at a time, so writes land in the order the changes were made.
 */
final class FrameworkStore {
    static final String STATE = "/mesos/frameworks/";
    static final String PUBLIC = io.layerx.store.Keys.FRAMEWORKS;
    /** Where the leader's Mesos API is, for the other servers' redirects. */
    static final String LEADER = "/mesos/leader";

    /** One framework as stored; protobufs in their binary form. */
    record Saved(String id, byte[] info, String change, Instant disconnected, boolean suppressed,
                 Map<String, Instant> refused, Map<String, String> tasks, Map<String, byte[]> told,
                 Map<String, List<byte[]>> unacked) {
    }

    /** Where the leading Mesos API is, and the LayerX server it runs in. */
    record Leader(String url, String server) {
    }

    private final Store store;
    private final ReentrantLock writes = new ReentrantLock();
    private final Map<String, FrameworkRecord> shown = new HashMap<>();

    FrameworkStore(Store store) {
        this.store = store;
    }

    /** Writes the frameworks that changed since the last save and deletes the removed ones. */
    void save(MasterState state) {
        writes.lock();
        try {
            record Batch(List<Saved> saved, List<FrameworkRecord> records, List<String> removed) {
            }
            Batch b = state.locked(() -> {
                List<Saved> saved = new ArrayList<>();
                List<FrameworkRecord> records = new ArrayList<>();
                for (String id : state.dirty) {
                    Framework f = state.frameworks.get(id);
                    if (f == null) continue;
                    saved.add(saved(f));
                    records.add(record(f));
                }
                List<String> removed = List.copyOf(state.removed);
                state.dirty.clear();
                state.removed.clear();
                return new Batch(saved, records, removed);
            });
            if (b.saved().isEmpty() && b.removed().isEmpty()) return;
            Txn.Builder txn = Txn.builder();
            for (Saved s : b.saved()) txn.put(STATE + s.id(), Codec.encode(s));
            for (FrameworkRecord r : b.records()) if (!r.equals(shown.get(r.id()))) txn.put(PUBLIC + r.id(), Codec.encode(r));
            for (String id : b.removed()) txn.delete(STATE + id).delete(PUBLIC + id);
            try {
                store.commit(txn.build());
            } catch (RuntimeException e) {
                state.locked(() -> {
                    for (Saved s : b.saved()) state.dirty.add(s.id());
                    state.removed.addAll(b.removed());
                });
                throw e;
            }
            for (FrameworkRecord r : b.records()) shown.put(r.id(), r);
            b.removed().forEach(shown::remove);
        } finally {
            writes.unlock();
        }
    }

    /**
     * The stored frameworks, each disconnected (its stream was to another master): one that was connected counts as
     * disconnected since {@code now}, so its failover timeout runs from the takeover.
     */
    List<Framework> load(Instant now) {
        List<Framework> out = new ArrayList<>();
        for (KeyValue kv : store.list(STATE).items()) {
            Saved s = Codec.decode(kv.value(), Saved.class);
            Framework f = new Framework(s.id(), parse(s.info(), FrameworkInfo.parser()));
            f.change = s.disconnected() == null ? "disconnected" : s.change();
            f.disconnected = s.disconnected() == null ? now : s.disconnected();
            f.suppressed = s.suppressed();
            f.refused.putAll(s.refused());
            f.tasks.putAll(s.tasks());
            s.told().forEach((t, b) -> f.told.put(t, parse(b, TaskStatus.parser())));
            s.unacked().forEach((t, list) -> {
                ArrayDeque<Framework.Pending> q = new ArrayDeque<>();
                for (byte[] b : list) q.addLast(new Framework.Pending(parse(b, TaskStatus.parser())));
                f.unacked.put(t, q);
            });
            out.add(f);
        }
        return out;
    }

    void lead(String url, String server) {
        store.commit(Txn.builder().put(LEADER, Codec.encode(new Leader(url, server))).build());
    }

    Optional<Leader> leader() {
        return store.get(LEADER).map(kv -> Codec.decode(kv.value(), Leader.class));
    }

    private static Saved saved(Framework f) {
        Map<String, byte[]> told = new LinkedHashMap<>();
        f.told.forEach((t, s) -> told.put(t, s.toByteArray()));
        Map<String, List<byte[]>> unacked = new LinkedHashMap<>();
        f.unacked.forEach((t, q) -> {
            if (!q.isEmpty()) unacked.put(t, q.stream().map(p -> p.status.toByteArray()).toList());
        });
        return new Saved(f.id, f.info.toByteArray(), f.change, f.disconnected, f.suppressed, Map.copyOf(f.refused),
                Map.copyOf(f.tasks), told, unacked);
    }

    static FrameworkRecord record(Framework f) {
        return new FrameworkRecord(f.id, f.info.getName(), f.info.getUser(), f.roles(), f.change,
                f.failoverTimeout().toMillis() / 1000.0, f.disconnected, f.tasks);
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored Mesos framework does not parse", e);
        }
    }
}

package io.layerx.usage;

import io.layerx.clock.Timer;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link UsageHistory} across restarts, as the VPA recommender checkpoints its histograms: every
 * {@link #EVERY} and on close, each job's and image's history that changed since the last checkpoint is written to
 * the store under {@code /usage/<job:NAME|image:NAME>} as at most {@link #KEPT} samples (evenly thinned, its cpu and
 * memory peaks always kept), and a history that went empty (all older than the window) is deleted; {@link #restore}
 * reads them back at start. Bounded: one record of at most {@link #KEPT} samples per job and image seen in the last
 * {@link UsageHistory#WINDOW}. A restored history has fewer samples than the one written (the thinning), so a
 * recommendation right after a restart rests on those.
 */
public final class HistoryCheckpoints implements AutoCloseable {

    public static final String PREFIX = "/usage/";
    public static final Duration EVERY = Duration.ofMinutes(5);
    public static final int KEPT = 256;
    private static final int PER_TXN = 64;
    private static final Logger log = LoggerFactory.getLogger(HistoryCheckpoints.class);

    /** One stored history. */
    record Checkpoint(String key, List<UsageHistory.Sample> samples) {
        Checkpoint {
            samples = List.copyOf(samples);
        }
    }

    private final Store store;
    private final UsageHistory history;
    private final Timer timer;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private Timer.Cancellable next;
    private boolean closed;

    public HistoryCheckpoints(Store store, UsageHistory history, Timer timer) {
        this.store = store;
        this.history = history;
        this.timer = timer;
    }

    /** Reads every stored history back into the history. */
    public void restore() {
        for (KeyValue kv : store.list(PREFIX).items()) {
            Checkpoint c = Codec.decode(kv.value(), Checkpoint.class);
            history.restore(c.key(), c.samples());
            stored.add(c.key());
        }
    }

    /** Checkpoints every {@link #EVERY} from now on. */
    public void start() {
        schedule();
    }

    private void schedule() {
        lock.lock();
        try {
            if (!closed) next = timer.schedule(EVERY, this::tick);
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("usage history not checkpointed (next try in {}): {}", EVERY, e.toString());
        } finally {
            schedule();
        }
    }

    /** Writes the changed histories and deletes the emptied ones; returns how many keys it wrote or deleted. */
    public int checkpoint() {
        Set<String> keys = new TreeSet<>(history.takeChanged());
        for (String k : stored) if (history.samples(k).isEmpty()) keys.add(k);
        List<String> todo = new ArrayList<>(keys);
        for (int i = 0; i < todo.size(); i += PER_TXN) {
            Txn.Builder txn = Txn.builder();
            Set<String> written = new HashSet<>();
            Set<String> deleted = new HashSet<>();
            for (String k : todo.subList(i, Math.min(i + PER_TXN, todo.size()))) {
                List<UsageHistory.Sample> samples = history.samples(k);
                if (samples.isEmpty()) {
                    txn.delete(PREFIX + k);
                    deleted.add(k);
                } else {
                    txn.put(PREFIX + k, Codec.encode(new Checkpoint(k, thinned(samples))));
                    written.add(k);
                }
            }
            store.commit(txn.build());
            stored.addAll(written);
            stored.removeAll(deleted);
        }
        return todo.size();
    }

    /** At most {@link #KEPT} samples, evenly spaced over {@code samples} (oldest first), with the cpu and memory peaks. */
    static List<UsageHistory.Sample> thinned(List<UsageHistory.Sample> samples) {
        if (samples.size() <= KEPT) return samples;
        Set<Integer> pick = new TreeSet<>();
        int peakCpu = 0;
        int peakMemory = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).cpu() > samples.get(peakCpu).cpu()) peakCpu = i;
            if (samples.get(i).memory() > samples.get(peakMemory).memory()) peakMemory = i;
        }
        pick.add(peakCpu);
        pick.add(peakMemory);
        int room = KEPT - pick.size();
        for (int j = 0; pick.size() < KEPT && j < room; j++) pick.add((int) ((long) j * samples.size() / room));
        List<UsageHistory.Sample> out = new ArrayList<>(pick.size());
        for (int i : pick) out.add(samples.get(i));
        out.sort(Comparator.comparing(UsageHistory.Sample::at));
        return out;
    }

    /** Stops the timer and writes a last checkpoint. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (next != null) next.cancel();
        } finally {
            lock.unlock();
        }
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("usage history not checkpointed at close: {}", e.toString());
        }
    }
}

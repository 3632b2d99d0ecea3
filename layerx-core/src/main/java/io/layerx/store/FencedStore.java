package io.layerx.store;

import io.layerx.model.LayerXException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store as one leader's term sees it: every commit also requires the leader's election key to exist still at
 * the revision that created it (the key is never rewritten, so its mod revision is its create revision). Once the
 * term is over (the lease expired and the key is gone, or it was deleted), every commit fails in the store itself,
 * however late a deposed leader wakes up. The first such refusal calls {@code onDeposed} once; from then on every
 * commit fails at once with {@link LayerXException.Unavailable}, without reaching the store.
 *
 * <p>Reads and watches pass through. Closing it does not close the delegate, whose owner closes it.
 */
public final class FencedStore implements Store {

    private final Store delegate;
    private final String leaderKey;
    private final long leaderKeyRevision;
    private final Runnable onDeposed;
    private final AtomicBoolean deposed = new AtomicBoolean();
    private final AtomicLong lastCommit = new AtomicLong();

    public FencedStore(Store delegate, String leaderKey, long leaderKeyCreateRevision) {
        this(delegate, leaderKey, leaderKeyCreateRevision, () -> { });
    }

    /** @param onDeposed called once, on the first commit the fence refuses */
    public FencedStore(Store delegate, String leaderKey, long leaderKeyCreateRevision, Runnable onDeposed) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.leaderKey = Objects.requireNonNull(leaderKey, "leaderKey");
        if (leaderKeyCreateRevision <= 0) throw new IllegalArgumentException("the leader key's revision must be > 0");
        this.leaderKeyRevision = leaderKeyCreateRevision;
        this.onDeposed = Objects.requireNonNull(onDeposed, "onDeposed");
    }

    /**
     * {@inheritDoc}
     *
     * @throws LayerXException.Unavailable when the term is over: nothing was written
     */
    @Override
    public TxnResult commit(Txn txn) {
        if (deposed.get()) throw notLeading();
        if (txn.ops().stream().anyMatch(op -> op.key().equals(leaderKey))) {
            throw new IllegalArgumentException("a fenced commit may not write the leader key " + leaderKey);
        }
        List<Compare> compares = new ArrayList<>(txn.compares());
        compares.add(Compare.at(leaderKey, leaderKeyRevision));
        TxnResult r = delegate.commit(new Txn(compares, txn.ops()));
        if (r.succeeded()) {
            lastCommit.accumulateAndGet(r.revision(), Math::max);
            return r;
        }
        if (r.failedCompares().contains(leaderKey)) {
            if (deposed.compareAndSet(false, true)) onDeposed.run();
            throw notLeading();
        }
        return r;
    }

    /** Whether a commit found the term over. */
    public boolean deposed() {
        return deposed.get();
    }

    /** The newest revision a commit through this store succeeded at (0 before the first). */
    public long lastCommitRevision() {
        return lastCommit.get();
    }

    public String leaderKey() {
        return leaderKey;
    }

    private LayerXException.Unavailable notLeading() {
        return new LayerXException.Unavailable("this server no longer leads (its election key " + leaderKey
                + " is gone): commits are fenced off", null);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Range list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return delegate.watch(prefix, fromRevision, listener);
    }

    @Override
    public long revision() {
        return delegate.revision();
    }

    /** Compacts while the term lasts; a deposed leader compacts nothing. */
    @Override
    public void compact(long revision) {
        if (deposed.get()) throw notLeading();
        delegate.compact(revision);
    }

    @Override
    public void close() {
    }
}

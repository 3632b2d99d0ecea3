package io.layerx.store.etcd;

import static io.layerx.store.etcd.EtcdStore.bytes;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.layerx.clock.Timer;
import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the LayerX servers of one etcd store. Each candidate holds an etcd lease of {@code ttl} and,
 * attached to it, the key {@code /election/<lease id>} (under the store's prefix) whose value is the candidate's
 * address. The live key with the lowest create revision leads; the others follow it and learn its address from it.
 * The key is written once and never again, so its mod revision stays its create revision: a {@link Term} is what a
 * {@link io.layerx.store.FencedStore} fences every commit of the leader on.
 *
 * <p>The candidate keeps its lease alive every {@code ttl / 3}. When it cannot for a whole {@code ttl}, or etcd says
 * the lease or the key is gone, its term ends ({@link Listener#deposed}) and it campaigns again with a new lease,
 * behind the others. One virtual thread runs all of it and calls the listener; the listener must return quickly.
 */
public final class EtcdElection implements AutoCloseable {

    /** The prefix, inside the store, of the election keys. */
    public static final String PREFIX = "/election/";
    private static final Logger LOG = LoggerFactory.getLogger(EtcdElection.class);

    /**
     * One candidate's key: fence commits on {@code key} at {@code revision}.
     *
     * @param electedAt the store revision at which the candidate found itself leading (0 while it does not)
     */
    public record Term(String key, long revision, long electedAt) {
    }

    /** Who leads: their key, its create revision, and the address they gave. */
    public record Leader(String key, long revision, String address) {
    }

    /** What the election tells its candidate, on the election's thread. */
    public interface Listener {
        /** This candidate leads from now on, until {@link #deposed}. */
        void elected(Term term);

        /** This candidate's term is over: stop everything it does as the leader. */
        void deposed(Term term);

        /** The leader changed (empty while nobody leads). */
        void leader(Optional<Leader> leader);
    }

    private sealed interface Signal permits Tick, Changed, Stop {
    }

    private record Tick() implements Signal {
    }

    private record Changed() implements Signal {
    }

    private record Stop() implements Signal {
    }

    private final EtcdStore store;
    private final String address;
    private final Duration ttl;
    private final Listener listener;
    private final Timer timer;
    private final InstantSource clock;
    private final EtcdCalls quick;
    private final LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;
    private volatile Watch watch;
    private Term mine;
    private long leaseId;
    private Instant leaseValidUntil = Instant.MIN;
    private boolean leading;
    private Optional<Leader> leader = Optional.empty();

    /**
     * @param address what followers are told to forward to, e.g. {@code http://10.0.0.5:7470}
     * @param ttl     how long a silent leader keeps its term; a new leader takes over about this long after a crash
     */
    public EtcdElection(EtcdStore store, String address, Duration ttl, Listener listener, Timer timer,
                        InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.address = Objects.requireNonNull(address, "address");
        if (ttl.toSeconds() < 2) throw new IllegalArgumentException("the election TTL must be at least 2 s");
        this.ttl = ttl;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timer = timer;
        this.clock = clock;
        this.quick = new EtcdCalls(ttl.dividedBy(3), store.options().endpoints().toString());
    }

    /** Campaigns, and keeps doing so until {@link #close}. */
    public void start() {
        thread = Thread.ofVirtual().name("etcd-election").start(this::run);
    }

    /** Asks the election to look at the keys again now (e.g. after a fenced commit was refused). */
    public void recheck() {
        signals.add(new Changed());
    }

    /** Ends the term (revoking the lease, so a follower takes over at once) and stops campaigning. */
    @Override
    public void close() {
        closed = true;
        signals.add(new Stop());
        Thread t = thread;
        if (t != null) {
            try {
                t.join(ttl.multipliedBy(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        signals.add(new Tick());
        try {
            while (true) {
                switch (signals.take()) {
                    case Tick t -> {
                        guarded(this::tick);
                        if (!closed) timer.schedule(ttl.dividedBy(3), () -> signals.add(new Tick()));
                    }
                    case Changed c -> guarded(this::evaluate);
                    case Stop s -> {
                        resign();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("election step failed; retrying in {}: {}", ttl.dividedBy(3), e.getMessage());
        }
    }

    private void tick() {
        if (watch == null) watchKeys();
        if (mine == null) {
            campaign();
        } else {
            keepAlive();
        }
        evaluate();
    }

    private void watchKeys() {
        long rev = store.list(PREFIX).revision();
        watch = store.watch(PREFIX, rev + 1, new WatchListener() {
            @Override
            public void onEvents(long revision, List<WatchEvent> events) {
                signals.add(new Changed());
            }

            @Override
            public void onError(Throwable error) {
                watch = null; // compacted: the next tick watches again; meanwhile ticks re-read the keys
            }
        });
    }

    private void campaign() {
        Lease leases = store.client().getLeaseClient();
        Instant asked = clock.instant();
        long id = quick.await(leases.grant(ttl.toSeconds()), "grant an election lease").getID();
        String key = PREFIX + Long.toHexString(id);
        PutOption withLease = PutOption.builder().withLeaseId(id).build();
        long revision = quick.await(store.client().getKVClient().put(bytes(key),
                bytes(address), withLease), "write the election key " + key).getHeader().getRevision();
        leaseId = id;
        leaseValidUntil = asked.plus(ttl);
        mine = new Term(key, revision, 0);
        LOG.info("campaigning as {} (revision {}) for {}", key, revision, address);
    }

    private void keepAlive() {
        Instant asked = clock.instant();
        try {
            LeaseKeepAliveResponse r = quick.await(store.client().getLeaseClient().keepAliveOnce(leaseId),
                    "keep the election lease alive");
            leaseValidUntil = asked.plusSeconds(r.getTTL());
        } catch (LayerXException.Unavailable e) {
            if (EtcdCalls.says(e, "lease not found")) {
                lose("etcd says the lease expired");
            } else if (!clock.instant().isBefore(leaseValidUntil)) {
                lose("the lease could not be kept alive for " + ttl.toSeconds() + " s");
            } else {
                LOG.warn("could not keep the election lease alive: {}", e.getMessage());
            }
        }
    }

    /** Reads the election keys: who leads, and whether it is this candidate. */
    private void evaluate() {
        Range range = store.list(PREFIX);
        List<KeyValue> keys = range.items().stream()
                .sorted(Comparator.comparingLong(KeyValue::createRevision)).toList();
        Optional<Leader> now = keys.stream().findFirst().map(kv -> new Leader(kv.key(), kv.createRevision(),
                new String(kv.value(), StandardCharsets.UTF_8)));
        if (mine != null && keys.stream().noneMatch(kv -> kv.key().equals(mine.key()))) {
            lose("the election key " + mine.key() + " is gone");
        }
        if (!now.equals(leader)) {
            leader = now;
            listener.leader(now);
        }
        if (mine != null && !leading && now.isPresent() && now.get().key().equals(mine.key())) {
            leading = true;
            mine = new Term(mine.key(), mine.revision(), range.revision());
            LOG.info("leading as {} (revision {})", mine.key(), mine.revision());
            listener.elected(mine);
        }
    }

    private void lose(String why) {
        Term ended = mine;
        if (ended == null) return;
        if (closed) {
            LOG.info("{} resigns: {}", ended.key(), why);
        } else {
            LOG.warn("the term of {} is over: {}", ended.key(), why);
        }
        mine = null;
        if (leading) {
            leading = false;
            listener.deposed(ended);
        }
        revoke();
    }

    private void resign() {
        lose("this server stops");
        Watch w = watch;
        if (w != null) w.close();
    }

    private void revoke() {
        long id = leaseId;
        leaseId = 0;
        try {
            quick.await(store.client().getLeaseClient().revoke(id), "revoke the election lease");
        } catch (LayerXException.Unavailable e) {
            LOG.debug("could not revoke the old election lease (it expires by itself): {}", e.getMessage());
        }
    }
}

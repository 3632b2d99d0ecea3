package io.layerx.server;

import io.layerx.clock.Timer;
import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.LayerXException;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.provider.resource.docker.DockerProvider;
import io.layerx.provider.resource.kubernetes.KubernetesProvider;
import io.layerx.service.ControlPlane;
import io.layerx.service.CoreControlPlane;
import io.layerx.snapshot.StateCache;
import io.layerx.store.FencedStore;
import io.layerx.store.Store;
import io.layerx.store.etcd.EtcdElection;
import io.layerx.web.Leadership;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of one of several servers on one etcd store: it runs only while this server leads. Each term gets its own
 * {@link FencedStore} (every commit guarded by the term's election key) and its own {@link LayerXCore}; when the
 * term ends — the election says so, or the store refuses a fenced commit — the core stops and the server follows.
 * While it leads it also compacts the store's history. Terms begin and end one at a time, on one thread of their own,
 * so the election's thread never waits for a core.
 */
final class ReplicatedCore implements EtcdElection.Listener, Leadership, AutoCloseable {
    static final Duration COMPACTION_EVERY = Duration.ofMinutes(1);
    static final Duration RETRY = Duration.ofSeconds(2);
    static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedCore.class);

    /** A term this server leads, with the core that runs for it. */
    private record Running(EtcdElection.Term term, FencedStore store, LayerXCore core) {
    }

    /** Told when a term's core has started, and before it stops (e.g. the Mesos API leads only in between). */
    interface TermListener {
        void began(Store termStore, ControlPlane termControlPlane);

        void ended();
    }

    private final Store store;
    private final CoreOptions options;
    private final Timer timer;
    private final long history;
    private final SwitchingControlPlane controlPlane = new SwitchingControlPlane();
    private final ExecutorService terms = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("terms").factory());
    private final AtomicLong lastCommit = new AtomicLong();
    private volatile Running running;
    private volatile EtcdElection.Term wanted;
    private volatile Optional<EtcdElection.Leader> leader = Optional.empty();
    private volatile URI self;
    private volatile Runnable recheck = () -> { };
    private final StateCache view;
    private final List<TermListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param history revisions of history the leader keeps in the store for watches */
    ReplicatedCore(Store store, CoreOptions options, Timer timer, long history) {
        this.store = store;
        this.options = options;
        this.timer = timer;
        this.history = history;
        this.view = new StateCache(store, timer);
    }

    /**
     * Starts the server's own read-only view of the store, which answers reads of state while this server does not
     * lead (it never writes: writes go to the leader).
     */
    void start() {
        view.start();
        controlPlane.readFrom(CoreControlPlane.readOnly(store, view, options.clock()));
    }

    ControlPlane controlPlane() {
        return controlPlane.controlPlane();
    }

    /** The agent provider of the core that runs now; {@code Unavailable} between terms. */
    AgentProvider agents() {
        Running r = running;
        if (r == null) throw new LayerXException.Unavailable("this server does not lead right now", null);
        return r.core().agents();
    }

    void onTerm(TermListener listener) {
        listeners.add(listener);
    }

    /** Where this server serves, and how to ask the election to look again. */
    void bind(URI address, Runnable electionRecheck) {
        this.self = address;
        this.recheck = electionRecheck;
    }

    @Override
    public void elected(EtcdElection.Term term) {
        wanted = term;
        submit(() -> begin(term));
    }

    @Override
    public void deposed(EtcdElection.Term term) {
        wanted = null;
        submit(() -> end("the election ended term " + term.key()));
    }

    @Override
    public void leader(Optional<EtcdElection.Leader> now) {
        leader = now;
        LOG.info("the leader is now {}", now.map(EtcdElection.Leader::address).orElse("nobody"));
    }

    private void submit(Runnable step) {
        if (!terms.isShutdown()) {
            try {
                terms.execute(step);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("the server is stopping; dropped a term step");
            }
        }
    }

    private void begin(EtcdElection.Term term) {
        if (!term.equals(wanted) || running != null && running.term().equals(term)) return;
        end("a new term begins");
        FencedStore fenced = new FencedStore(store, term.key(), term.revision(), () -> onFenced(term));
        try {
            LayerXCore core = LayerXCore.start(fenced, options, List.of(new DockerProvider(),
                    new KubernetesProvider(fenced)));
            running = new Running(term, fenced, core);
            controlPlane.use(core.controlPlane());
            LOG.info("leading: the core runs for term {} (elected at revision {})", term.key(), term.electedAt());
            for (TermListener l : listeners) {
                try {
                    l.began(fenced, core.controlPlane());
                } catch (RuntimeException e) {
                    LOG.warn("{} could not begin term {}", l, term.key(), e);
                }
            }
            timer.schedule(COMPACTION_EVERY, () -> submit(() -> compact(term)));
        } catch (RuntimeException e) {
            LOG.warn("could not start the core for term {}; retrying in {}", term.key(), RETRY, e);
            timer.schedule(RETRY, () -> submit(() -> begin(term)));
        }
    }

    private void onFenced(EtcdElection.Term term) {
        LOG.warn("the store refused a commit of term {}: another server leads; stepping down", term.key());
        if (term.equals(wanted)) wanted = null;
        submit(() -> end("a fenced commit was refused"));
        recheck.run();
    }

    private void end(String why) {
        Running r = running;
        if (r == null) return;
        running = null;
        controlPlane.clear();
        LOG.info("stepping down ({}): stopping the core of term {}", why, r.term().key());
        listeners.forEach(TermListener::ended);
        try {
            r.core().close();
        } catch (RuntimeException e) {
            LOG.warn("stopping the core of term {} failed", r.term().key(), e);
        }
        lastCommit.accumulateAndGet(r.store().lastCommitRevision(), Math::max);
    }

    /** Drops history older than {@code history} revisions, then comes back while the term lasts. */
    private void compact(EtcdElection.Term term) {
        Running r = running;
        if (r == null || !r.term().equals(term)) return;
        try {
            long target = r.store().revision() - history;
            if (target > 0) r.store().compact(target);
        } catch (RuntimeException e) {
            LOG.warn("compacting the store's history failed: {}", e.getMessage());
        }
        timer.schedule(COMPACTION_EVERY, () -> submit(() -> compact(term)));
    }

    @Override
    public Route route() {
        if (running != null) return new Serve();
        Optional<EtcdElection.Leader> l = leader;
        if (l.isEmpty()) return new NoLeader("no LayerX server leads yet (an election is under way)");
        if (l.get().address().equals(String.valueOf(self))) {
            return new NoLeader("this server was elected and is starting its core");
        }
        return new Forward(URI.create(l.get().address()));
    }

    /** Waits (a bounded while) until this server's view has applied {@code revision}: read-your-writes. */
    @Override
    public void awaitRevision(long revision) {
        try {
            view.awaitRevision(revision, CATCH_UP);
        } catch (RuntimeException e) {
            LOG.warn("the view did not reach revision {} within {}: {}", revision, CATCH_UP, e.getMessage());
        }
    }

    @Override
    public ServerStatus status() {
        Running r = running;
        String role = r != null ? "leader" : leader.isPresent() && route() instanceof Forward ? "follower" : "candidate";
        long last = Math.max(lastCommit.get(), r == null ? 0 : r.store().lastCommitRevision());
        return new ServerStatus(String.valueOf(self), "etcd", role,
                leader.map(EtcdElection.Leader::address).orElse(null), r == null ? 0 : r.term().electedAt(), last);
    }

    /** Stops the core if it runs; the election is closed before (it resigns, which ends the term). */
    @Override
    public void close() {
        wanted = null;
        submit(() -> end("the server stops"));
        terms.shutdown();
        try {
            if (!terms.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("the core did not stop within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.close();
    }
}

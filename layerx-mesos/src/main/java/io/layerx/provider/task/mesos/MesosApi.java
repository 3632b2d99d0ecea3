package io.layerx.provider.task.mesos;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.clock.SystemTimer;
import io.layerx.clock.Timer;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.layerx.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos v1 scheduler HTTP API served by LayerX: {@code POST /api/v1/scheduler} (JSON or protobuf), so Mesos
 * frameworks get offers from the whole pool and run their tasks on any kind of cluster. The API answers calls only
 * while it leads ({@link #lead}); otherwise it answers as a non-leading Mesos master: {@code 307} to the leader's
 * API, or {@code 503} while no leader is known. The master's state is kept in the store, so the next leader (or a
 * restarted server) resumes it. {@link #frameworks}, {@link #framework} and {@link #teardown} are for operators (the
 * server's {@code /v1/frameworks} routes). No authentication, as a Mesos master without framework authentication:
 * serve it on loopback or a trusted network.
 */
public final class MesosApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MesosApi.class);
    static final String PATH = "/api/v1/scheduler";
    /** Mesos' default pacing, and an offer round every second. */
    public static final MesosMaster.Settings DEFAULT_SETTINGS = MesosMaster.Settings.DEFAULT;
    public static final Duration DEFAULT_ROUND = Duration.ofSeconds(1);
    /** The name of the one LayerX server there is (embedded store): it always leads. */
    public static final String SOLE_SERVER = "sole";

    /** One term of leading: the master, the LayerX side of its calls and its subscription to the control plane. */
    private record Term(MesosMaster master, Launcher launcher, SchedulerCalls calls, ControlPlane controlPlane,
                        AutoCloseable events) {
    }

    private final Javalin app;
    private final Timer timer = new SystemTimer();
    private final FrameworkStore leaders;
    private final MesosMaster.Settings settings;
    private final InstantSource clock = InstantSource.system();
    private final String url;
    private volatile Term term;
    private volatile MeterRegistry meters;
    /** Serialises lead and follow; {@link #retryLead} is the takeover still to be done (one that failed). */
    private final ReentrantLock termLock = new ReentrantLock();
    private volatile Runnable retryLead;
    private final Supplier<Optional<String>> leadingServer;
    private volatile boolean closed;

    private MesosApi(Javalin app, Store store, MesosMaster.Settings settings, String url,
                     Supplier<Optional<String>> leadingServer) {
        this.app = app;
        this.leadingServer = leadingServer;
        this.leaders = new FrameworkStore(store);
        this.settings = settings;
        this.url = url;
    }

    /** Serves the API for {@code controlPlane} on {@code store} on {@code host:port} (0: a free port), leading at once. */
    public static MesosApi start(ControlPlane controlPlane, Store store, String host, int port) {
        return start(controlPlane, store, host, port, DEFAULT_SETTINGS, DEFAULT_ROUND);
    }

    /** As {@link #start(ControlPlane, Store, String, int)}, paced by {@code settings}, an offer round every {@code round}. */
    public static MesosApi start(ControlPlane controlPlane, Store store, String host, int port, MesosMaster.Settings settings,
                                 Duration round) {
        MesosApi api = serve(store, host, port, settings, round, () -> Optional.of(SOLE_SERVER));
        try {
            api.lead(controlPlane, store, SOLE_SERVER);
        } catch (RuntimeException e) { // it serves anyway (503) and tries again at each round
            log.warn("the Mesos API could not take over the state in the store yet: {}", e.toString());
        }
        return api;
    }

    /**
     * Serves the API on {@code host:port} without leading until {@link #lead} is called: meanwhile calls are
     * redirected to the Mesos API that {@code store} names as the leader's, when it runs in the LayerX server that
     * {@code leadingServer} says leads now; else (no server leads, or the one elected has not begun its term) they
     * get 503. {@code round}: how often offers are made, updates retried and failover timeouts checked while leading.
     */
    public static MesosApi serve(Store store, String host, int port, MesosMaster.Settings settings, Duration round,
                                 Supplier<Optional<String>> leadingServer) {
        MesosApi[] self = new MesosApi[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                c.setIdleTimeout(Duration.ofHours(24).toMillis()); // event streams idle
                c.setAcceptQueueSize(1024); // as the REST API's: the JDK's 50 resets some connections of a burst
                return c;
            });
            errors(config.routes);
            config.routes.post(PATH, ctx -> self[0].handle(ctx));
            io.javalin.http.Handler notPost = ctx -> {
                throw CallError.methodNotAllowed(ctx.method().name());
            };
            config.routes.get(PATH, notPost);
            config.routes.put(PATH, notPost);
            config.routes.delete(PATH, notPost);
            config.routes.patch(PATH, notPost);
        });
        app.start();
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        self[0] = new MesosApi(app, store, settings, "http://" + h + ":" + app.port() + PATH, leadingServer);
        self[0].loop(round);
        log.info("Mesos scheduler API served on {}", self[0].url);
        return self[0];
    }

    /**
     * Registers gauges in {@code meters}: {@code layerx.mesos.frameworks} (tag {@code state} connected|disconnected),
     * {@code layerx.mesos.offers}, {@code layerx.mesos.tasks} (not ended) and
     * {@code layerx.mesos.updates.unacknowledged}, all 0 while this API does not lead; and the counter
     * {@code layerx.mesos.framework.changes} (tag {@code change}: subscribed, failed_over, disconnected, torn_down).
     */
    public MesosApi withGauges(MeterRegistry meters) {
        this.meters = meters;
        gauge(meters, "layerx.mesos.frameworks", MesosMaster.Counts::connected).tag("state", "connected").register(meters);
        gauge(meters, "layerx.mesos.frameworks", MesosMaster.Counts::disconnected).tag("state", "disconnected").register(meters);
        gauge(meters, "layerx.mesos.offers", MesosMaster.Counts::offers).description("offers outstanding").register(meters);
        gauge(meters, "layerx.mesos.tasks", MesosMaster.Counts::liveTasks).description("framework tasks not ended").register(meters);
        gauge(meters, "layerx.mesos.updates.unacknowledged", MesosMaster.Counts::unacknowledged).register(meters);
        return this;
    }

    private Gauge.Builder<MesosApi> gauge(MeterRegistry meters, String name, ToIntFunction<MesosMaster.Counts> value) {
        return Gauge.builder(name, this, api -> {
            Term t = api.term;
            return value.applyAsInt(t == null ? MesosMaster.Counts.NONE : t.master().counts());
        });
    }

    /**
     * Begins leading with {@code controlPlane} on {@code store} (the term's store: on etcd, fenced by the term): loads
     * the frameworks the store holds, their tasks' current states, and names this API the leader's, in the LayerX
     * server {@code server}. A takeover that fails throws, and is tried again at each round until it works or
     * {@link #follow} is called; meanwhile calls get 503.
     */
    public void lead(ControlPlane controlPlane, Store store, String server) {
        termLock.lock();
        try {
            follow();
            Runnable[] attempt = new Runnable[1];
            attempt[0] = () -> begin(attempt[0], controlPlane, store, server);
            retryLead = attempt[0];
            attempt[0].run();
        } finally {
            termLock.unlock();
        }
    }

    /** One attempt at taking over; one that fails is tried again at each round until it works or {@link #follow}. */
    private void begin(Runnable attempt, ControlPlane controlPlane, Store store, String server) {
        termLock.lock();
        try {
            if (retryLead != attempt) return;
            MesosMaster master = new MesosMaster(clock, settings, new FrameworkStore(store));
            master.onLifeChange(this::count);
            Launcher launcher = new Launcher(controlPlane, master, clock);
            launcher.heartbeat();
            AutoCloseable events = controlPlane.subscribe(0, master.updates()::onEvent,
                    e -> log.error("the Mesos API lost the control plane's event stream; status updates stop", e));
            try {
                master.load(launcher.mesosJobs());
                launcher.replay(master.jobs());
                new FrameworkStore(store).lead(url, server);
                master.save();
            } catch (RuntimeException e) {
                close(events);
                throw e;
            }
            retryLead = null;
            term = new Term(master, launcher, new SchedulerCalls(master, launcher), controlPlane, events);
            log.info("the Mesos API at {} leads, with {} frameworks from the store", url, master.frameworks().size());
        } finally {
            termLock.unlock();
        }
    }

    private void count(String change) {
        MeterRegistry m = meters;
        if (m != null) Counter.builder("layerx.mesos.framework.changes").tag("change", change).register(m).increment();
    }

    /** Stops leading: streams end (frameworks subscribe again, and are redirected), nothing more is saved. */
    public void follow() {
        termLock.lock();
        try {
            retryLead = null;
            Term t = term;
            if (t == null) return;
            term = null;
            t.master().retire();
            close(t.events());
            log.info("the Mesos API at {} no longer leads", url);
        } finally {
            termLock.unlock();
        }
    }

    private void handle(Context ctx) throws Exception {
        Term t = term;
        if (t != null) {
            t.calls().handle(ctx);
            return;
        }
        Optional<String> leading = leadingServer.get();
        Optional<FrameworkStore.Leader> leader = leaders.leader()
                .filter(l -> !l.url().equals(url) && leading.equals(Optional.of(l.server())));
        if (leader.isEmpty()) throw CallError.unavailable("No leader elected");
        ctx.status(307).header("Location", leader.get().url());
    }

    /** Every {@code round} while leading: the brain heartbeat, an offer round, update retries, expired failover timeouts. */
    private void loop(Duration round) {
        if (closed) return;
        timer.schedule(round, () -> {
            try {
                Term t = term;
                Runnable again = retryLead;
                if (t != null) round(t);
                else if (again != null) again.run();
            } catch (RuntimeException e) {
                log.warn("a Mesos offer round (or a takeover of the Mesos state) failed; the next round retries: {}", e.toString());
            } finally {
                loop(round);
            }
        });
    }

    private static void round(Term t) {
        t.launcher().heartbeat();
        t.master().offers().offerRound(t.controlPlane().nodes(null));
        for (String f : t.master().tick()) {
            log.info("framework {} did not come back within its failover timeout; tearing it down", f);
            t.launcher().forget(t.master().teardown(f));
        }
        t.master().save();
    }

    private static void errors(RoutesConfig routes) {
        routes.exception(CallError.class, (e, ctx) -> text(ctx, e.status(), e.getMessage()));
        routes.exception(LayerXException.class, (e, ctx) -> text(ctx, status(e),
                e.details().isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join("; ", e.details())));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            text(ctx, 503, "LayerX could not take the call in; its log has the details");
        });
    }

    private static int status(LayerXException e) {
        return switch (e) {
            case LayerXException.Invalid x -> 400;
            case LayerXException.Unauthorized x -> 401;
            case LayerXException.Forbidden x -> 403;
            case LayerXException.NotFound x -> 404;
            case LayerXException.Conflict x -> 409;
            case LayerXException.Unavailable x -> 503;
        };
    }

    static void text(Context ctx, int status, String message) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(message);
    }

    private Term leading() {
        Term t = term;
        if (t == null) throw new LayerXException.Unavailable("this server's Mesos API does not lead now; the leader's does", null);
        return t;
    }

    public List<FrameworkView> frameworks() {
        return leading().master().frameworks();
    }

    public Optional<FrameworkView> framework(String id) {
        return leading().master().framework(id);
    }

    /** Tears the framework down as its TEARDOWN call does: its tasks are killed; false when there is no such one. */
    public boolean teardown(String id) {
        Term t = leading();
        if (t.master().framework(id).isEmpty()) return false;
        t.launcher().forget(t.master().teardown(id));
        t.master().save();
        return true;
    }

    public int port() {
        return app.port();
    }

    /** Where frameworks subscribe to this API ({@code http://HOST:PORT/api/v1/scheduler}). */
    public String url() {
        return url;
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing the Mesos API's event subscription failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.close();
        follow();
        app.stop();
    }
}

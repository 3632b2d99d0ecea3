package io.layerx.provider.task.mesos;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.clock.SystemTimer;
import io.layerx.clock.Timer;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos v1 scheduler HTTP API served by LayerX: {@code POST /api/v1/scheduler} (JSON or protobuf), so Mesos
 * frameworks get offers from the whole pool and run their tasks on any kind of cluster. {@link #frameworks},
 * {@link #framework} and {@link #teardown} are for operators (the server's {@code /v1/frameworks} routes). No
 * authentication, as a Mesos master without framework authentication: serve it on loopback or a trusted network.
 */
public final class MesosApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MesosApi.class);
    static final String PATH = "/api/v1/scheduler";

    private final Javalin app;
    private final Timer timer;
    private final MesosMaster master;
    private final Launcher launcher;
    private final AutoCloseable events;
    private volatile boolean closed;

    private MesosApi(Javalin app, Timer timer, AutoCloseable events, MesosMaster master, Launcher launcher) {
        this.app = app;
        this.master = master;
        this.launcher = launcher;
        this.timer = timer;
        this.events = events;
    }

    /** Serves the API for {@code controlPlane} on {@code host:port} (0: a free port) with Mesos' default pacing. */
    public static MesosApi start(ControlPlane controlPlane, String host, int port) {
        return start(controlPlane, host, port, MesosMaster.Settings.DEFAULT, Duration.ofSeconds(1));
    }

    /**
     * As {@link #start(ControlPlane, String, int)}, with gauges in {@code meters}: {@code layerx.mesos.frameworks}
     * (tag {@code state} connected|disconnected), {@code layerx.mesos.offers}, {@code layerx.mesos.tasks} (not ended)
     * and {@code layerx.mesos.updates.unacknowledged}.
     */
    public static MesosApi start(ControlPlane controlPlane, String host, int port, MeterRegistry meters) {
        MesosApi api = start(controlPlane, host, port);
        MesosMaster m = api.master;
        Gauge.builder("layerx.mesos.frameworks", m, x -> x.counts().connected()).tag("state", "connected").register(meters);
        Gauge.builder("layerx.mesos.frameworks", m, x -> x.counts().disconnected()).tag("state", "disconnected").register(meters);
        Gauge.builder("layerx.mesos.offers", m, x -> x.counts().offers()).description("offers outstanding").register(meters);
        Gauge.builder("layerx.mesos.tasks", m, x -> x.counts().liveTasks()).description("framework tasks not ended").register(meters);
        Gauge.builder("layerx.mesos.updates.unacknowledged", m, x -> x.counts().unacknowledged()).register(meters);
        return api;
    }

    /** As {@link #start(ControlPlane, String, int)}, paced by {@code settings}, with an offer round every {@code round}. */
    public static MesosApi start(ControlPlane controlPlane, String host, int port, MesosMaster.Settings settings, Duration round) {
        InstantSource clock = InstantSource.system();
        MesosMaster master = new MesosMaster(clock, settings);
        Launcher launcher = new Launcher(controlPlane, master, clock);
        launcher.heartbeat();
        SchedulerCalls calls = new SchedulerCalls(master, launcher);
        AutoCloseable events = controlPlane.subscribe(0, master::onEvent,
                e -> log.error("the Mesos API lost the control plane's event stream; status updates stop", e));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            errors(config.routes);
            config.routes.post(PATH, calls::handle);
            io.javalin.http.Handler notPost = ctx -> {
                throw CallError.methodNotAllowed(ctx.method().name());
            };
            config.routes.get(PATH, notPost);
            config.routes.put(PATH, notPost);
            config.routes.delete(PATH, notPost);
            config.routes.patch(PATH, notPost);
        });
        app.start(host, port);
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) sc.setIdleTimeout(Duration.ofHours(24).toMillis()); // event streams idle
        }
        MesosApi api = new MesosApi(app, new SystemTimer(), events, master, launcher);
        api.loop(controlPlane, master, launcher, round);
        log.info("Mesos scheduler API served on {}:{}{}", host, app.port(), PATH);
        return api;
    }

    /** Every {@code round}: the brain heartbeat, an offer round, update retries and expired failover timeouts. */
    private void loop(ControlPlane controlPlane, MesosMaster master, Launcher launcher, Duration round) {
        if (closed) return;
        timer.schedule(round, () -> {
            try {
                launcher.heartbeat();
                master.offerRound(controlPlane.nodes(null));
                for (String f : master.tick()) {
                    log.info("framework {} did not come back within its failover timeout; tearing it down", f);
                    launcher.forget(master.teardown(f));
                }
            } catch (RuntimeException e) {
                log.warn("a Mesos offer round failed; the next one retries: {}", e.toString());
            } finally {
                loop(controlPlane, master, launcher, round);
            }
        });
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

    public List<FrameworkView> frameworks() {
        return master.frameworks();
    }

    public Optional<FrameworkView> framework(String id) {
        return master.framework(id);
    }

    /** Tears the framework down as its TEARDOWN call does: its tasks are killed; false when there is no such one. */
    public boolean teardown(String id) {
        if (master.framework(id).isEmpty()) return false;
        launcher.forget(master.teardown(id));
        return true;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        closed = true;
        timer.close();
        try {
            events.close();
        } catch (Exception e) {
            log.warn("closing the Mesos API's event subscription failed: {}", e.toString());
        }
        app.stop();
    }
}

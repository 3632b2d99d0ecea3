package io.layerx.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.provider.task.mesos.MesosApi;
import io.layerx.service.ControlPlane;
import io.layerx.store.Codec;
import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP API of docs/api.md on Javalin, requests on virtual threads. {@link #start} binds and serves;
 * {@link #close} ends the event streams and stops serving.
 */
public final class WebServer implements AutoCloseable {
    /** How long an idle event stream waits before it sends a keep-alive comment. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Where the OpenAPI document of the API is served, without a token. */
    static final String OPENAPI = "/v1/openapi.json";

    private final Javalin app;
    private final EventStream events;
    private final TaskLogs logs;
    private final LeaderForwarding forwarding;
    private final AutoRightsizer rightsizer;

    private WebServer(Javalin app, EventStream events, TaskLogs logs, LeaderForwarding forwarding,
                      AutoRightsizer rightsizer) {
        this.app = app;
        this.events = events;
        this.logs = logs;
        this.forwarding = forwarding;
        this.rightsizer = rightsizer;
    }

    /**
     * Serves the control plane on {@code host:port} ({@code port} 0 picks a free one).
     *
     * @param tokens who may call; every route but {@code /healthz} needs a token
     * @param meters where request metrics go and what {@code /metrics} shows
     * @param agents   the agent clusters' provider, behind the agent routes and task logs
     */
    public static WebServer start(ControlPlane controlPlane, AgentProvider agents, Tokens tokens,
                                  PrometheusMeterRegistry meters, String host, int port) {
        Objects.requireNonNull(agents, "agents");
        return start(controlPlane, () -> agents, tokens, meters, host, port, null, null);
    }

    /**
     * As {@link #start(ControlPlane, AgentProvider, Tokens, PrometheusMeterRegistry, String, int)}, with the
     * {@code /v1/frameworks} routes over the Mesos API {@code mesos} ({@code null}: not served, the routes say so).
     */
    public static WebServer start(ControlPlane controlPlane, AgentProvider agents, Tokens tokens,
                                  PrometheusMeterRegistry meters, String host, int port, MesosApi mesos) {
        Objects.requireNonNull(agents, "agents");
        return start(controlPlane, () -> agents, tokens, meters, host, port, null, mesos);
    }

    /**
     * As {@link #start(ControlPlane, AgentProvider, Tokens, PrometheusMeterRegistry, String, int)}, for one of
     * several servers: {@code agents} is the agent provider of the core that runs now, and {@code leadership} says
     * whether this server answers {@code /v1} requests or forwards them to the leader ({@code null}: a server alone,
     * which always answers). {@code GET /v1/server} shows it.
     */
    public static WebServer start(ControlPlane controlPlane, Supplier<AgentProvider> agents, Tokens tokens,
                                  PrometheusMeterRegistry meters, String host, int port, Leadership leadership) {
        return start(controlPlane, agents, tokens, meters, host, port, leadership, null);
    }

    /** As the other {@code start}s, with {@code /v1/frameworks} over {@code mesos} ({@code null}: none) on one of several servers. */
    public static WebServer start(ControlPlane controlPlane, Supplier<AgentProvider> agents, Tokens tokens,
                                  PrometheusMeterRegistry meters, String host, int port, Leadership leadership,
                                  MesosApi mesos) {
        Objects.requireNonNull(controlPlane, "controlPlane");
        LeaderForwarding forwarding = leadership == null ? null : new LeaderForwarding(leadership);
        EventStream events = new EventStream(controlPlane, HEARTBEAT);
        HttpMetrics metrics = new HttpMetrics(meters);
        Authentication auth = new Authentication(tokens);
        ApiRoutes routes = new ApiRoutes(controlPlane, leadership);
        AgentRoutes agentRoutes = new AgentRoutes(agents, tokens);
        UsageRoutes usageRoutes = new UsageRoutes(agents, metrics);
        RightsizeRoutes rightsizeRoutes = new RightsizeRoutes(controlPlane, agents);
        TaskLogs logs = new TaskLogs(controlPlane, agents);
        ErrorMapper errors = new ErrorMapper();
        String version = WebServer.class.getPackage().getImplementationVersion();
        String openApi = OpenApiDocument.json(version == null ? "dev" : version);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                c.setAcceptQueueSize(ACCEPT_QUEUE);
                return c;
            });
            config.jsonMapper(new JavalinJackson(Codec.mapper(), true));
            config.requestLogger.http(metrics::record);
            errors.install(config.routes);
            config.routes.before(auth::authenticate);
            if (forwarding != null) {
                config.routes.before(forwarding::handle);
                config.routes.after(ctx -> LeaderForwarding.stamp(ctx, controlPlane));
            }
            config.routes.beforeMatched(auth::authorize);
            routes.register(config.routes, metrics, events);
            agentRoutes.register(config.routes);
            usageRoutes.register(config.routes);
            rightsizeRoutes.register(config.routes);
            new BrainRoutes(controlPlane).register(config.routes);
            new UiRoutes().register(config.routes);
            new FrameworkRoutes(mesos).register(config.routes);
            new ImageSetRoutes(controlPlane).register(config.routes);
            config.routes.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/v1/tasks/{id}/logs", logs, Role.ADMIN, Role.VIEWER);
        });
        app.start();
        // a server alone: agents can reach it from now on, so their nodes' graces start here (a core that starts
        // under a running web server, as a new leader, starts them at its first heartbeat instead)
        if (leadership == null) agents.get().serving();
        return new WebServer(app, events, logs, forwarding,
                new AutoRightsizer(rightsizeRoutes, AutoRightsizer.EVERY));
    }

    /**
     * How many connections may wait to be accepted: Jetty leaves it to the JDK's 50, and a burst of new clients
     * beyond that (hundreds of CI jobs at once, or the first second of a busy server, before the JIT has warmed up)
     * had some of its connections reset.
     */
    static final int ACCEPT_QUEUE = 1024;

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        rightsizer.close();
        events.close();
        if (forwarding != null) forwarding.close();
        app.stop();
        logs.close();
    }
}

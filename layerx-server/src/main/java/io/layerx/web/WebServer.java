package io.layerx.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.service.ControlPlane;
import io.layerx.store.Codec;
import io.layerx.web.auth.Tokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

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

    private WebServer(Javalin app, EventStream events, TaskLogs logs) {
        this.app = app;
        this.events = events;
        this.logs = logs;
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
        Objects.requireNonNull(controlPlane, "controlPlane");
        EventStream events = new EventStream(controlPlane, HEARTBEAT);
        HttpMetrics metrics = new HttpMetrics(meters);
        Authentication auth = new Authentication(tokens);
        ApiRoutes routes = new ApiRoutes(controlPlane);
        AgentRoutes agentRoutes = new AgentRoutes(agents, tokens);
        TaskLogs logs = new TaskLogs(controlPlane, agents);
        ErrorMapper errors = new ErrorMapper();
        String version = WebServer.class.getPackage().getImplementationVersion();
        String openApi = OpenApiDocument.json(version == null ? "dev" : version);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(Codec.mapper(), true));
            config.requestLogger.http(metrics::record);
            errors.install(config.routes);
            config.routes.before(auth::authenticate);
            config.routes.beforeMatched(auth::authorize);
            routes.register(config.routes, metrics, events);
            agentRoutes.register(config.routes);
            new BrainRoutes(controlPlane).register(config.routes);
            config.routes.get(OPENAPI, ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/v1/tasks/{id}/logs", logs, io.layerx.web.auth.Role.ADMIN);
        });
        app.start(host, port);
        agents.serving(); // agents can reach us from now on: their nodes' graces start here
        return new WebServer(app, events, logs);
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        events.close();
        app.stop();
        logs.close();
    }
}

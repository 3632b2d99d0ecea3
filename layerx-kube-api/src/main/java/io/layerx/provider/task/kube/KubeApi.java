package io.layerx.provider.task.kube;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.layerx.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the Kubernetes API that kubectl needs, served by LayerX: discovery, namespaces, nodes (the pool,
 * read-only), deployments (service jobs), batch/v1 jobs (batch jobs), pods (their tasks) with logs, a deployment's
 * scale, watches, Tables for {@code kubectl get}, three patch types. Errors are {@code metav1.Status}; what is not
 * served is refused with a Status that says so. Every request needs the admin token as a bearer token.
 */
public final class KubeApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubeApi.class);
    private static final Duration IDLE = Duration.ofHours(1);

    private final Javalin app;

    private KubeApi(Javalin app) {
        this.app = app;
    }

    /**
     * Serves the API for {@code controlPlane} over HTTPS with {@code tls} on {@code host:port} (0: a free port); the
     * Kubernetes objects are kept in {@code store}, task output comes from {@code logs}, and {@code admin} says
     * whether a bearer token is the admin's.
     */
    public static KubeApi start(ControlPlane controlPlane, Store store, LogSource logs, Predicate<String> admin,
                                KubeTls tls, String host, int port) {
        InstantSource clock = InstantSource.system();
        KubeObjects objects = new KubeObjects(store, clock);
        objects.start();
        Pods pods = new Pods(controlPlane, objects);
        ClusterRoutes cluster = new ClusterRoutes(controlPlane, objects, pods, clock);
        KubeRoutes workloads = new KubeRoutes(controlPlane, objects, pods, logs, clock);
        AtomicReference<Server> jetty = new AtomicReference<>();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.modifyServer(jetty::set);
            config.jetty.addConnector((server, http) -> https(server, http, tls, host, port));
            errors(config.routes);
            config.routes.before(ctx -> authenticate(ctx, admin));
            cluster.register(config.routes);
            workloads.register(config.routes);
        });
        app.start();
        for (var c : jetty.get().getConnectors()) {
            if (c instanceof ServerConnector sc) sc.setIdleTimeout(IDLE.toMillis()); // watches and logs -f idle long
        }
        log.info("Kubernetes API served on {}:{}", host, app.port());
        return new KubeApi(app);
    }

    /** How many connections may wait to be accepted (as the REST API's). */
    static final int ACCEPT_QUEUE = 1024;

    private static ServerConnector https(Server server, HttpConfiguration http, KubeTls tls, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(tls.password());
        ssl.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(port);
        c.setAcceptQueueSize(ACCEPT_QUEUE); // the JDK's 50 resets some connections of a burst of kubectl calls
        return c;
    }

    private static void authenticate(Context ctx, Predicate<String> admin) {
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        if (token == null || token.isEmpty() || !admin.test(token)) throw KubeError.unauthorized();
    }

    private static void errors(RoutesConfig routes) {
        routes.exception(KubeError.class, (e, ctx) -> write(ctx, e));
        routes.exception(LayerXException.class, (e, ctx) -> write(ctx, fromLayerX(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus() == 404
                ? notServed(ctx) : KubeError.badRequest(e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, KubeError.internal("internal error in LayerX; its log has the details"));
        });
        routes.error(404, "*", ctx -> {
            if (ctx.endpoints().matchedHttpEndpoint() == null) write(ctx, notServed(ctx));
        });
        routes.error(405, "*", ctx -> write(ctx, KubeError.methodNotAllowed("LayerX's Kubernetes API does not serve "
                + ctx.method() + " " + ctx.path())));
    }

    private static KubeError notServed(Context ctx) {
        return KubeError.notFound("the server could not find the requested resource (LayerX's Kubernetes API "
                + "serves namespaces, nodes, pods, deployments and batch/v1 jobs; not " + ctx.method() + " " + ctx.path() + ")");
    }

    private static KubeError fromLayerX(LayerXException e) {
        String message = e.details().isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join("; ", e.details());
        return switch (e) {
            case LayerXException.Invalid x -> KubeError.badRequest(message);
            case LayerXException.Unauthorized x -> KubeError.unauthorized();
            case LayerXException.Forbidden x -> KubeError.forbidden(message);
            case LayerXException.NotFound x -> KubeError.notFound(message);
            case LayerXException.Conflict x -> KubeError.conflict(message);
            case LayerXException.Unavailable x -> KubeError.unavailable(message);
        };
    }

    private static void write(Context ctx, KubeError e) {
        ctx.status(e.code()).contentType("application/json").result(KubeJson.bytes(e.status()));
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

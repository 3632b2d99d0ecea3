package io.layerx.provider.task.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine API (v1.41, and every version from 1.24 up in the {@code /vX.Y/} prefix) served by LayerX: the
 * docker CLI and Docker clients run containers on the whole pool. Each container is a one-task job (see
 * {@link Containers}); errors are Docker's {@code {"message": ...}} with Docker's status codes, and what LayerX does
 * not do is refused with a message, never ignored. No authentication, as dockerd without TLS: serve it on loopback.
 */
public final class DockerApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerApi.class);
    private static final Pattern VERSION = Pattern.compile("^/v(\\d{1,4})\\.(\\d{1,4})(/.*)$");
    /** The newest API version the prefix may name; answers have the shape of {@link SystemJson#API_VERSION}. */
    private static final int MAX_MINOR = 51;
    private static final Duration IDLE = Duration.ofHours(24);
    /** How many connections may wait to be accepted (as the REST API's). */
    private static final int ACCEPT_QUEUE = 1024;

    private final Javalin app;
    private final Changes changes;

    private DockerApi(Javalin app, Changes changes) {
        this.app = app;
        this.changes = changes;
    }

    /** Serves the Docker API for {@code controlPlane} on {@code host:port} (0: a free port). */
    public static DockerApi start(ControlPlane controlPlane, ContainerEngines engines, String host, int port) {
        InstantSource clock = InstantSource.system();
        Changes changes = new Changes(controlPlane, clock);
        changes.start();
        PoolImages images = new PoolImages(controlPlane, engines);
        Containers containers = new Containers(controlPlane, images, changes, clock);
        DockerRoutes routes = new DockerRoutes(controlPlane, engines, containers, images, clock);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                c.setIdleTimeout(IDLE.toMillis()); // wait and logs -f idle long
                c.setAcceptQueueSize(ACCEPT_QUEUE); // the JDK's 50 resets some connections of a burst of docker calls
                return c;
            });
            errors(config.routes);
            config.routes.before(DockerApi::checkVersion);
            routes.register(new Prefixed(config.routes));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            changes.close();
            throw e;
        }
        log.info("Docker API served on {}:{}", host, app.port());
        return new DockerApi(app, changes);
    }

    /** Registers each route with and without the {@code /vX.Y} prefix. */
    record Prefixed(RoutesConfig routes) {
        void get(String path, Handler h) {
            routes.get(path, h);
            routes.get("/{apiVersion}" + path, h);
        }

        void head(String path, Handler h) {
            routes.head(path, h);
            routes.head("/{apiVersion}" + path, h);
        }

        void post(String path, Handler h) {
            routes.post(path, h);
            routes.post("/{apiVersion}" + path, h);
        }

        void delete(String path, Handler h) {
            routes.delete(path, h);
            routes.delete("/{apiVersion}" + path, h);
        }
    }

    private static void checkVersion(Context ctx) {
        Matcher m = VERSION.matcher(ctx.path());
        if (!m.matches()) return;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major != 1 || minor < 24) {
            throw DockerApiError.badRequest("client version " + major + "." + minor + " is too old. Minimum supported "
                    + "API version is " + SystemJson.MIN_API_VERSION + ", please upgrade your client to a newer version");
        }
        if (minor > MAX_MINOR) {
            throw DockerApiError.badRequest("client version " + major + "." + minor + " is too new. Maximum supported "
                    + "API version is 1." + MAX_MINOR);
        }
    }

    private static void errors(RoutesConfig routes) {
        routes.exception(DockerApiError.class, (e, ctx) -> write(ctx, e.status(), e.getMessage()));
        routes.exception(LayerXException.class, (e, ctx) -> write(ctx, status(e), message(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus() == 404 ? 501 : e.getStatus(),
                e.getStatus() == 404 ? unsupportedRoute(ctx) : e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal error in LayerX; its log has the details");
        });
        routes.error(404, "*", ctx -> {
            if (ctx.endpoints().matchedHttpEndpoint() == null) write(ctx, 501, unsupportedRoute(ctx));
        });
    }

    private static String unsupportedRoute(Context ctx) {
        return "LayerX's Docker API does not serve " + ctx.method() + " " + ctx.path() + " (it serves ping, version, "
                + "info, images, and containers: create, start, stop, kill, wait, logs, inspect, list, remove)";
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

    private static String message(LayerXException e) {
        return e.details().isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join("; ", e.details());
    }

    static void write(Context ctx, int status, String message) {
        try {
            ctx.status(status).contentType("application/json")
                    .result(DockerJson.MAPPER.writeValueAsString(Map.of("message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        changes.close();
        app.stop();
    }
}

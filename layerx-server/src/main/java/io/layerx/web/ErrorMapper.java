package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.layerx.api.ErrorBody;
import io.layerx.model.LayerXException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses and error bodies. Expected failures keep their message and
 * details; anything unexpected is logged and answered with a generic 500, never with a stack trace.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** What to answer. */
    public record Response(int status, ErrorBody body) {
    }

    /** Routes every exception a handler throws through {@link #map}. */
    public void install(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, map(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> write(ctx, map(e, ctx)));
    }

    /** The status and body for a failure of the request {@code ctx} (used only for the log). */
    public Response map(Exception e, Context ctx) {
        return switch (e) {
            case LayerXException x -> map(x);
            case HttpResponseException h -> framework(h, ctx);
            default -> {
                LOG.error("{} {} failed", ctx == null ? "?" : ctx.method(), ctx == null ? "?" : ctx.path(), e);
                yield new Response(500, ErrorBody.of("internal error; the server log has the details"));
            }
        };
    }

    private static Response map(LayerXException e) {
        return switch (e) {
            case LayerXException.Invalid x -> new Response(400, new ErrorBody(e.getMessage(), x.details()));
            case LayerXException.Unauthorized x -> new Response(401, ErrorBody.of(e.getMessage()));
            case LayerXException.Forbidden x -> new Response(403, ErrorBody.of(e.getMessage()));
            case LayerXException.NotFound x -> new Response(404, ErrorBody.of(e.getMessage()));
            case LayerXException.Conflict x -> new Response(409, ErrorBody.of(e.getMessage()));
            case LayerXException.Unavailable x -> {
                LOG.warn("unavailable: {}", e.getMessage(), e.getCause());
                yield new Response(503, ErrorBody.of(e.getMessage() + "; retry later"));
            }
        };
    }

    /** Javalin's own refusals: no such route (404), body too large (413), and the like. */
    private static Response framework(HttpResponseException h, Context ctx) {
        int status = h.getStatus() >= 400 && h.getStatus() < 600 ? h.getStatus() : 500;
        String message = h.getMessage() == null || h.getMessage().isBlank() ? "request refused" : h.getMessage();
        if (status == 404 && ctx != null) message = "no route " + ctx.method() + " " + ctx.path();
        return new Response(status, ErrorBody.of(message));
    }

    private static void write(Context ctx, Response r) {
        if (r.status() == 401) ctx.header(Header.WWW_AUTHENTICATE, "Bearer");
        ctx.status(r.status()).json(r.body());
    }
}

package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.layerx.model.LayerXException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web UI's static files, from the jar's {@code /ui/} resources: plain JavaScript modules, CSS and one HTML page,
 * served without a token (they hold no data: every call the page makes sends the token its user signs in with).
 * {@code /} and {@code /ui} lead to {@code /ui/}.
 */
final class UiRoutes {
    static final String PREFIX = "/ui";
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    /** True for the paths this serves, which need no token. */
    static boolean serves(String path) {
        return path.equals("/") || path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void register(RoutesConfig r) {
        r.get("/", ctx -> ctx.redirect(PREFIX + "/"));
        // Javalin matches /ui and /ui/ alike: the page's relative links need the slash
        r.get(PREFIX, ctx -> {
            if (ctx.path().endsWith("/")) send(ctx, "index.html");
            else ctx.redirect(PREFIX + "/");
        });
        r.get(PREFIX + "/<file>", ctx -> send(ctx, ctx.pathParam("file")));
    }

    private static void send(Context ctx, String file) {
        byte[] body = read(file).orElseThrow(() -> new LayerXException.NotFound("no UI file " + file));
        String ext = file.substring(file.lastIndexOf('.') + 1);
        ctx.header(Header.CACHE_CONTROL, "no-cache");
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(TYPES.get(ext)).result(body);
    }

    private static Optional<byte[]> read(String file) {
        if (!FILE.matcher(file).matches()) return Optional.empty();
        try (InputStream in = UiRoutes.class.getResourceAsStream("/ui/" + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.layerx.web;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.layerx.model.LayerXException;
import io.layerx.web.auth.Principal;
import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the bearer token of every request but the open ones (before routing, so an unknown route without a token
 * is a 401 too), then the role the matched route asks for.
 */
final class Authentication {
    static final String PRINCIPAL = "layerx.principal";
    private static final Set<String> OPEN = Set.of("/healthz", WebServer.OPENAPI);
    private static final String SCHEME = "bearer ";

    private final Tokens tokens;

    Authentication(Tokens tokens) {
        this.tokens = tokens;
    }

    void authenticate(Context ctx) {
        if (open(ctx.path())) return;
        String header = ctx.header(Header.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new LayerXException.Unauthorized("no token: send the header Authorization: Bearer TOKEN");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw new LayerXException.Unauthorized("the Authorization header must be: Bearer TOKEN");
        }
        String bearer = header.substring(SCHEME.length());
        Principal p = tokens.verify(bearer).orElseThrow(() -> new LayerXException.Unauthorized(
                tokens.revocation(bearer).orElse("the token is not valid")));
        ctx.attribute(PRINCIPAL, p);
    }

    private static boolean open(String path) {
        return OPEN.contains(path) || UiRoutes.serves(path);
    }

    void authorize(Context ctx) {
        if (open(ctx.path())) return;
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("no principal on an authenticated route: " + ctx.path());
        }
        if (!ctx.routeRoles().contains(p.role())) {
            if (p.role() == Role.VIEWER) {
                throw new LayerXException.Forbidden("a viewer token is read-only: it may not use " + ctx.method()
                        + " " + ctx.path() + " (use an admin token)");
            }
            throw new LayerXException.Forbidden("a token of role '" + p.role().name().toLowerCase(Locale.ROOT)
                    + "' may not use " + ctx.method() + " " + ctx.path());
        }
    }
}

package io.layerx.web.auth;

import java.io.Serial;

/** A valid token whose role may not use the route. */
public final class Forbidden extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
        super(message, null, false, false);
    }
}

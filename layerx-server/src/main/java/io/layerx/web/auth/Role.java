package io.layerx.web.auth;

import io.javalin.security.RouteRole;

/** What a token may do: {@code admin} everything; {@code agent} only the agent routes (none yet). */
public enum Role implements RouteRole {
    ADMIN, AGENT
}

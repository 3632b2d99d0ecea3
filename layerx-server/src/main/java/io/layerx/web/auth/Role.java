package io.layerx.web.auth;

import io.javalin.security.RouteRole;

/**
 * What a token may do: {@code admin} everything but the agent routes; {@code agent} (a join token) only join a node;
 * {@code node} (the credential a join hands out, named by its node) only the agent routes, for its own node;
 * {@code brain} (named by its brain) only the brain routes, for its own brain; {@code viewer} only reads: every
 * {@code GET} route an admin may read (and the web UI), never a route that changes anything.
 */
public enum Role implements RouteRole {
    ADMIN, AGENT, NODE, BRAIN, VIEWER
}

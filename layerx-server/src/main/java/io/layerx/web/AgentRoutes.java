package io.layerx.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.api.Problems;
import io.layerx.model.LayerXException;
import io.layerx.provider.resource.agent.AgentProtocol;
import io.layerx.provider.resource.agent.AgentProtocol.Heartbeat;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Joined;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.provider.resource.agent.JoinOutcome;
import io.layerx.store.Codec;
import io.layerx.web.auth.Principal;
import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent protocol's routes (docs/agent-protocol.md) and {@code POST /v1/tokens}. A join token ({@code agent})
 * may only join; the node credential a join hands out acts for its own node only.
 */
final class AgentRoutes {
    static final Duration MAX_WAIT = Duration.ofSeconds(25);
    private static final ObjectReader JOIN = JsonBody.reader(Join.class);
    private static final ObjectReader BEAT = JsonBody.reader(Heartbeat.class);
    private static final ObjectReader TOKEN = JsonBody.reader(TokenRequest.class);

    private final Supplier<AgentProvider> agents;
    private final Tokens tokens;

    /** The body of {@code POST /v1/tokens}. */
    record TokenRequest(String role, String name) {
    }

    AgentRoutes(Supplier<AgentProvider> agents, Tokens tokens) {
        this.agents = agents;
        this.tokens = tokens;
    }

    void register(RoutesConfig r) {
        r.post("/v1/tokens", this::createToken, Role.ADMIN);
        r.post("/v1/agent/register", this::join, Role.AGENT, Role.NODE);
        r.post("/v1/agent/heartbeat", this::heartbeat, Role.NODE);
        r.get("/v1/agent/assignments", this::assignments, Role.NODE);
    }

    private void createToken(Context ctx) {
        TokenRequest req = JsonBody.read(ctx, TOKEN);
        String role = req.role() == null ? "" : req.role().toLowerCase(Locale.ROOT);
        if (!role.equals("agent") && !role.equals("brain") && !role.equals("viewer")) {
            throw new LayerXException.Invalid("bad token request", List.of("role '" + req.role()
                    + "' is not one of agent, brain, viewer (admin tokens live in the data folder)"));
        }
        if (role.equals("brain") && (req.name() == null || req.name().isBlank())) {
            throw new LayerXException.Invalid("bad token request", List.of("a brain token needs the brain's name"));
        }
        String name = req.name() == null || req.name().isBlank() ? "join" : req.name().strip();
        Role granted = switch (role) {
            case "brain" -> Role.BRAIN;
            case "viewer" -> Role.VIEWER;
            default -> Role.AGENT;
        };
        String token = tokens.create(granted, name);
        ctx.status(201).json(Map.of("token", token, "role", role, "name", name));
    }

    private void join(Context ctx) {
        Join join = JsonBody.read(ctx, JOIN);
        Principal p = ctx.attribute(Authentication.PRINCIPAL);
        if (p.role() == Role.NODE && !p.name().equals(join.name())) {
            throw new LayerXException.Forbidden("the credential of node " + p.name() + " may not join node "
                    + join.name());
        }
        String presented = bearer(ctx);
        String credential = p.role() == Role.NODE ? presented : tokens.fresh();
        JoinOutcome outcome = agents.get().join(join, Tokens.hash(credential));
        Joined joined = outcome.joined();
        if (p.role() != Role.NODE && !tokens.register(credential, Role.NODE, joined.node())) {
            throw new IllegalStateException("a fresh random token is already registered");
        }
        if (!outcome.replaced().isEmpty()) tokens.revoke(outcome.replaced(), replacedMessage(joined.node(), outcome));
        ctx.status(201).json(new Joined(joined.node(), joined.cluster(), p.role() == Role.NODE ? null : credential,
                joined.logKey(), joined.heartbeat(), joined.grace()));
    }

    /** What an agent presenting a replaced credential is told, and what to do. */
    private static String replacedMessage(String node, JoinOutcome outcome) {
        return "the credential of node " + node + " was replaced: "
                + (outcome.sameHolder() ? "this agent joined again with a join token"
                : AgentProtocol.TAKEN_OVER + " after it was lost")
                + "; start this agent with --join-token TOKEN (from `layerx token create --role agent`) to join again"
                + (outcome.sameHolder() ? "" : ", with another --name");
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header == null ? "" : header.substring(Math.min(header.length(), "Bearer ".length())).strip();
    }

    private void heartbeat(Context ctx) {
        Heartbeat beat = JsonBody.read(ctx, BEAT);
        ctx.json(agents.get().heartbeat(node(ctx), beat));
    }

    private void assignments(Context ctx) {
        String from = ctx.queryParam("from");
        long rev = from == null || from.isBlank() ? 0 : QueryParams.revision("from", from);
        Duration wait = QueryParams.duration("wait", ctx.queryParam("wait"), Duration.ZERO, MAX_WAIT);
        ctx.json(agents.get().assignments(node(ctx), rev, wait));
    }

    private static String node(Context ctx) {
        Principal p = ctx.attribute(Authentication.PRINCIPAL);
        return p.name();
    }
}

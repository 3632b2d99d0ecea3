package io.layerx.web;

import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.api.BrainRequests;
import io.layerx.brain.BrainGateway;
import io.layerx.model.LayerXException;
import io.layerx.model.PlanStep;
import io.layerx.service.ControlPlane;
import io.layerx.web.auth.Principal;
import io.layerx.web.auth.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The brain API (docs/brains.md): register and heartbeat, follow pending work with a long-poll, submit plans and
 * get a verdict per step. Admin tokens may act for any brain; a brain token only for the brain it names.
 */
final class BrainRoutes {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final ObjectReader REGISTER = JsonBody.reader(BrainRequests.Register.class);
    private static final ObjectReader PLAN = JsonBody.reader(BrainRequests.PlanBody.class);

    private final ControlPlane controlPlane;

    BrainRoutes(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    void register(RoutesConfig r) {
        r.get("/v1/brains", ctx -> ctx.json(gateway().brains().stream().map(BrainRequests.BrainDto::of).toList()),
                Role.ADMIN, Role.VIEWER);
        r.get("/v1/brains/{name}", ctx -> ctx.json(BrainRequests.BrainDto.of(gateway().brain(own(ctx)))),
                Role.ADMIN, Role.BRAIN, Role.VIEWER);
        r.put("/v1/brains/{name}", this::registerBrain, Role.ADMIN, Role.BRAIN);
        r.delete("/v1/brains/{name}", ctx -> {
            gateway().unregister(own(ctx));
            ctx.status(204);
        }, Role.ADMIN, Role.BRAIN);
        r.get("/v1/brains/{name}/work", this::work, Role.ADMIN, Role.BRAIN);
        r.post("/v1/brains/{name}/plans", this::plan, Role.ADMIN, Role.BRAIN);
    }

    private BrainGateway gateway() {
        return controlPlane.brains();
    }

    private void registerBrain(Context ctx) {
        String name = own(ctx);
        byte[] body = ctx.bodyAsBytes();
        BrainRequests.Register req = body.length == 0 ? new BrainRequests.Register(null, null, null)
                : JsonBody.read(ctx, REGISTER);
        ctx.json(BrainRequests.BrainDto.of(gateway().register(req.toRegistration(name))));
    }

    private void work(Context ctx) throws InterruptedException {
        String name = own(ctx);
        String after = ctx.queryParam("after");
        long rev = after == null || after.isBlank() ? 0 : QueryParams.revision("after", after);
        Duration wait = QueryParams.duration("wait", ctx.queryParam("wait"), Duration.ZERO, MAX_WAIT);
        ctx.json(gateway().work(name, rev, wait));
    }

    private void plan(Context ctx) {
        String name = own(ctx);
        List<PlanStep> steps = JsonBody.<BrainRequests.PlanBody>read(ctx, PLAN).toSteps();
        ctx.json(Map.of("verdicts", BrainRequests.VerdictDto.of(gateway().submit(name, steps))));
    }

    /** The brain named in the path, which a brain token may only be for itself. */
    private static String own(Context ctx) {
        String name = ctx.pathParam("name");
        Principal p = ctx.attribute(Authentication.PRINCIPAL);
        if (p.role() == Role.BRAIN && !p.name().equals(name)) {
            throw new LayerXException.Forbidden("the token of brain " + p.name() + " may not act for brain " + name);
        }
        return name;
    }
}

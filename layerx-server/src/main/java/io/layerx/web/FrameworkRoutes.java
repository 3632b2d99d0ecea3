package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.model.LayerXException;
import io.layerx.provider.task.mesos.MesosApi;
import io.layerx.web.auth.Role;

/**
 * The Mesos frameworks, for operators (admin tokens): {@code GET /v1/frameworks}, {@code GET /v1/frameworks/{id}}
 * and {@code DELETE /v1/frameworks/{id}} (teardown: its tasks are killed). Without a Mesos API they answer 404 saying
 * how to serve one.
 */
final class FrameworkRoutes {
    private final MesosApi mesos;

    /** @param mesos the Mesos API the server serves, or {@code null} */
    FrameworkRoutes(MesosApi mesos) {
        this.mesos = mesos;
    }

    void register(RoutesConfig r) {
        r.get("/v1/frameworks", ctx -> ctx.json(mesos().frameworks()), Role.ADMIN, Role.VIEWER);
        r.get("/v1/frameworks/{id}", ctx -> ctx.json(mesos().framework(id(ctx)).orElseThrow(() -> noSuch(ctx))), Role.ADMIN, Role.VIEWER);
        r.delete("/v1/frameworks/{id}", ctx -> {
            if (!mesos().teardown(id(ctx))) throw noSuch(ctx);
            ctx.status(204);
        }, Role.ADMIN);
    }

    private MesosApi mesos() {
        if (mesos == null) {
            throw new LayerXException.NotFound("this server serves no Mesos API: start it with --mesos-api HOST:PORT");
        }
        return mesos;
    }

    private static String id(Context ctx) {
        return ctx.pathParam("id");
    }

    private static LayerXException.NotFound noSuch(Context ctx) {
        return new LayerXException.NotFound("no framework " + id(ctx));
    }
}

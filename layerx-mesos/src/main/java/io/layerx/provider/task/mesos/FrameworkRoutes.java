package io.layerx.provider.task.mesos;

import io.javalin.config.RoutesConfig;
import io.layerx.model.LayerXException;

/** {@code GET /v1/frameworks}, {@code GET /v1/frameworks/{id}} and {@code DELETE /v1/frameworks/{id}} (teardown). */
final class FrameworkRoutes {
    private final MesosMaster master;
    private final Launcher launcher;

    FrameworkRoutes(MesosMaster master, Launcher launcher) {
        this.master = master;
        this.launcher = launcher;
    }

    void register(RoutesConfig r) {
        r.get("/v1/frameworks", ctx -> ctx.json(master.frameworks()));
        r.get("/v1/frameworks/{id}", ctx -> ctx.json(master.framework(ctx.pathParam("id"))
                .orElseThrow(() -> new LayerXException.NotFound("no framework " + ctx.pathParam("id")))));
        r.delete("/v1/frameworks/{id}", ctx -> {
            String id = ctx.pathParam("id");
            if (master.framework(id).isEmpty()) throw new LayerXException.NotFound("no framework " + id);
            launcher.forget(master.teardown(id));
            ctx.status(204);
        });
    }
}

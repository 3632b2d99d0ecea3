package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.api.ImageSetDto;
import io.layerx.api.ImageSetFileReader;
import io.layerx.api.JobFileReader;
import io.layerx.layers.ImageSetHistory;
import io.layerx.layers.ImageSets;
import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import io.layerx.web.auth.Role;
import java.util.List;
import java.util.Locale;

/** The /v1/imagesets routes of docs/api.md: apply, list, get, rollout status, pause, resume, rollback, delete. */
final class ImageSetRoutes {

    private final ControlPlane controlPlane;
    private final ImageSetFileReader files = new ImageSetFileReader();

    ImageSetRoutes(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    void register(RoutesConfig r) {
        r.post("/v1/imagesets", this::apply, Role.ADMIN);
        r.get("/v1/imagesets", ctx -> ctx.json(sets().list().stream().map(ImageSetDto::of).toList()), Role.ADMIN, Role.VIEWER);
        r.get("/v1/imagesets/{name}", ctx -> ctx.json(get(ctx)), Role.ADMIN, Role.VIEWER);
        r.get("/v1/imagesets/{name}/rollout", ctx -> ctx.json(get(ctx)), Role.ADMIN, Role.VIEWER);
        r.post("/v1/imagesets/{name}/rollout/pause", ctx -> shown(ctx, sets().pause(ctx.pathParam("name"), true)), Role.ADMIN);
        r.post("/v1/imagesets/{name}/rollout/resume", ctx -> shown(ctx, sets().pause(ctx.pathParam("name"), false)), Role.ADMIN);
        r.post("/v1/imagesets/{name}/rollback", this::rollback, Role.ADMIN);
        r.delete("/v1/imagesets/{name}", ctx -> {
            sets().delete(ctx.pathParam("name"));
            ctx.status(204);
        }, Role.ADMIN);
    }

    private ImageSets sets() {
        return controlPlane.imageSets();
    }

    private ImageSetDto get(Context ctx) {
        return ImageSetDto.of(sets().get(ctx.pathParam("name")));
    }

    private void apply(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        JobFileReader.Syntax syntax = type.contains("json") ? JobFileReader.Syntax.JSON : JobFileReader.Syntax.YAML;
        var set = files.read(ctx.body(), syntax);
        boolean created = sets().list().stream().noneMatch(s -> s.history().name().equals(set.name()));
        ImageSetHistory h = sets().apply(set);
        ctx.status(created ? 201 : 200);
        shown(ctx, h);
    }

    private void rollback(Context ctx) {
        String v = ctx.queryParam("version");
        Long version = null;
        if (v != null) {
            try {
                version = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new LayerXException.Invalid("version must be a number, got '" + v + "'",
                        List.of("version must be a number, got '" + v + "'"));
            }
        }
        shown(ctx, sets().rollback(ctx.pathParam("name"), version));
    }

    private void shown(Context ctx, ImageSetHistory h) {
        ctx.json(ImageSetDto.of(sets().get(h.name())));
    }
}

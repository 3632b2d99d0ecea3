package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.usage.Recommendation;
import io.layerx.usage.Recommender;
import io.layerx.usage.UsageHistory;
import io.layerx.web.auth.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Right-sizing: {@code GET /v1/jobs/{name}/rightsize} recommends a reservation from the job's usage history (and
 * says what its image's tasks used); {@code POST} applies the target: every running task is resized in place
 * through the resize path (the agent writes the new cgroup limits of the running process) and the job's template
 * takes the size, so nothing restarts.
 */
final class RightsizeRoutes {

    private final ControlPlane controlPlane;
    private final Supplier<AgentProvider> agents;

    RightsizeRoutes(ControlPlane controlPlane, Supplier<AgentProvider> agents) {
        this.controlPlane = controlPlane;
        this.agents = agents;
    }

    void register(RoutesConfig r) {
        r.get("/v1/jobs/{name}/rightsize", ctx -> ctx.json(describe(ctx.pathParam("name"))), Role.ADMIN);
        r.post("/v1/jobs/{name}/rightsize", this::apply, Role.ADMIN);
    }

    private Recommendation recommend(Job job) {
        UsageHistory history = agents.get().history();
        return Recommender.recommend(job.name(), job.task().resources(), history.ofJob(job.name()))
                .orElseThrow(() -> new LayerXException.Conflict("job " + job.name() + " has "
                        + history.ofJob(job.name()).size() + " usage samples, fewer than the "
                        + Recommender.MIN_SAMPLES + " a recommendation needs: let its tasks run on nodes that"
                        + " measure usage (agents) for a while"));
    }

    private Map<String, Object> describe(String name) {
        Job job = controlPlane.job(name).job();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recommendation", recommend(job));
        String image = job.task().image();
        if (image != null && !image.isBlank()) {
            Recommender.recommend(job.name(), job.task().resources(), agents.get().history().ofImage(image))
                    .ifPresent(r -> out.put("image", Map.of("image", image, "recommendation", r)));
        }
        return out;
    }

    private void apply(Context ctx) {
        Job job = controlPlane.job(ctx.pathParam("name")).job();
        Recommendation rec = recommend(job);
        List<Map<String, Object>> resized = new ArrayList<>();
        for (Task t : controlPlane.tasks(new TaskFilter(job.name(), null, TaskState.RUNNING))) {
            Moves.Resized r = controlPlane.resizeTask(t.id(), rec.cpu().target(), rec.memory().target(), true);
            resized.add(Map.of("task", t.id(), "inPlace", r.inPlace()));
        }
        if (resized.isEmpty()) {
            throw new LayerXException.Conflict("job " + job.name() + " runs no task to resize now; its template is"
                    + " resized with the first running task (layerx task resize ID --update-job)");
        }
        ctx.json(Map.of("recommendation", rec, "resized", resized));
    }
}

package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.usage.AutoRightsize;
import io.layerx.usage.Recommendation;
import io.layerx.usage.Recommender;
import io.layerx.usage.UsageHistory;
import io.layerx.web.auth.Role;
import java.time.Instant;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RightsizeRoutes.class);

    private final ControlPlane controlPlane;
    private final Supplier<AgentProvider> agents;

    RightsizeRoutes(ControlPlane controlPlane, Supplier<AgentProvider> agents) {
        this.controlPlane = controlPlane;
        this.agents = agents;
    }

    void register(RoutesConfig r) {
        r.get("/v1/jobs/{name}/rightsize", ctx -> ctx.json(describe(ctx.pathParam("name"))), Role.ADMIN, Role.VIEWER);
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
        List<Map<String, Object>> resized = resize(job.name(), rec.target());
        if (resized.isEmpty()) {
            throw new LayerXException.Conflict("job " + job.name() + " runs no task to resize now; its template is"
                    + " resized with the first running task (layerx task resize ID --update-job)");
        }
        ctx.json(Map.of("recommendation", rec, "resized", resized));
    }

    /** Resizes every running task of the job to {@code size} and the template with them; what each did. */
    List<Map<String, Object>> resize(String job, Resources size) {
        List<Map<String, Object>> resized = new ArrayList<>();
        for (Task t : controlPlane.tasks(new TaskFilter(job, null, TaskState.RUNNING))) {
            Moves.Resized r = controlPlane.resizeTask(t.id(), size.cpu(), size.memory(), true);
            resized.add(Map.of("task", t.id(), "inPlace", r.inPlace()));
        }
        return resized;
    }

    /**
     * One pass of the automatic mode: each job labelled {@code rightsize: auto} whose reservation left the
     * recommended band is resized to the target ({@link AutoRightsize}: hysteresis, cooldown, memory never below
     * the peak).
     */
    void autoPass(Map<String, Instant> lastResize, Instant now) {
        for (var view : controlPlane.jobs()) {
            Job job = view.job();
            if (job.stopped() || !AutoRightsize.wanted(job)) continue;
            var rec = Recommender.recommend(job.name(), job.task().resources(), agents.get().history().ofJob(job.name()));
            if (rec.isEmpty()) continue;
            var size = AutoRightsize.decide(rec.get(), lastResize.get(job.name()), now);
            if (size.isEmpty()) continue;
            List<Map<String, Object>> done = resize(job.name(), size.get());
            if (!done.isEmpty()) {
                lastResize.put(job.name(), now);
                LOG.info("rightsize auto: job {} from {} to {} ({} tasks)", job.name(), job.task().resources(),
                        size.get(), done.size());
            }
        }
    }
}

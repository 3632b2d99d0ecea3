package io.layerx.service;

import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.PlanStep;
import io.layerx.model.Task;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.feasibility.EligibleNodes;
import io.layerx.scheduler.placement.PlacementPass;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code job plan}: the placement pass on a job that is not stored, with tasks that exist only here. */
final class DryRun {

    private static final int MAX_PREVIEW = 100_000;

    private DryRun() {
    }

    static PlanPreview plan(View view, Job spec, Instant now) {
        long version = view.job(spec.name()).map(j -> j.value().version() + 1).orElse(1L);
        Job job = spec.withVersion(version, now);
        List<Versioned<Task>> pending = new ArrayList<>();
        Map<String, Integer> slots = new HashMap<>();
        if (job.type() == JobType.SYSTEM) {
            for (String node : EligibleNodes.of(view, job)) {
                Task t = Task.pending("dry-run-" + node, job, 0, 0, now).withTarget(node);
                pending.add(new Versioned<>(t, 0));
            }
        } else {
            for (int i = 0; i < Math.min(job.replicas(), MAX_PREVIEW); i++) {
                pending.add(new Versioned<>(Task.pending("dry-run-" + i, job, i, 0, now), 0));
                slots.put("dry-run-" + i, i);
            }
        }
        Proposal p = PlacementPass.planFully("dry-run", view, job, pending, MAX_PREVIEW);
        List<PlanPreview.Placed> placed = new ArrayList<>();
        List<String> preempted = new ArrayList<>();
        for (PlanStep step : p.plan().steps()) {
            switch (step) {
                case PlanStep.Place pl -> placed.add(new PlanPreview.Placed(slots.getOrDefault(pl.taskId(), 0), pl.node(),
                        view.node(pl.node()).map(n -> n.value().cluster()).orElse("")));
                case PlanStep.Stop st -> preempted.add(st.taskId());
                case PlanStep.Nominate n -> placed.add(new PlanPreview.Placed(slots.getOrDefault(n.taskId(), 0), n.node(),
                        view.node(n.node()).map(x -> x.value().cluster()).orElse("")));
                case PlanStep.Migrate m -> { }
                case PlanStep.Resize r -> { }
            }
        }
        long nominated = p.plan().steps().stream().filter(st -> st instanceof PlanStep.Nominate).count();
        return new PlanPreview(placed, p.unplaced() - (int) nominated, view.nodes().size(), p.filtered(), p.problems(), preempted);
    }
}

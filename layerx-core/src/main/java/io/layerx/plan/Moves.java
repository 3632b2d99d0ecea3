package io.layerx.plan;

import io.layerx.model.Constraint;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.Verdict;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.placement.PlacementPass;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Live migration of one running task, start before stop: picks the target with the same placement pass the
 * built-in brains use (the job's constraints and rules, plus "not the node it runs on" and the cluster asked for),
 * then hands a {@link PlanStep.Migrate} to the applier. The replacement is placed at once; the job's reconciler
 * stops the original only when the replacement runs, so the job never has fewer running replicas than before.
 */
public final class Moves {

    private final StateCache cache;
    private final PlanApplier applier;
    private final InstantSource clock;

    public Moves(StateCache cache, PlanApplier applier, InstantSource clock) {
        this.cache = cache;
        this.applier = applier;
        this.clock = clock;
    }

    /** What a resize did: the task resized in place, or the replacement that moves it to a node with room. */
    public record Resized(Task task, boolean inPlace) {
    }

    /** Starts the move and returns the replacement; {@code Conflict} with the reason when it cannot start. */
    public Task migrate(String taskId, String node, String cluster) {
        return migrate(taskId, node, cluster, null);
    }

    /**
     * Changes a placed task's reservation: in place when its node has the room (the provider applies the new limits
     * to the running task), else by moving it, start before stop, to a node that has room for the new size.
     */
    public Resized resize(String taskId, Resources size) {
        Versioned<Task> t = cache.read(v -> v.task(taskId)).orElseThrow(() -> new LayerXException.NotFound("no task " + taskId));
        List<Verdict> verdicts = applier.apply(new Plan("resize", cache.revision(),
                List.of(new PlanStep.Resize(taskId, t.modRevision(), size))));
        if (verdicts.getFirst() instanceof Verdict.Accepted) {
            return new Resized(cache.read(v -> v.task(taskId)).orElseThrow().value(), true);
        }
        Verdict.Rejected r = (Verdict.Rejected) verdicts.getFirst();
        if (!r.code().startsWith("insufficient-")) throw new LayerXException.Conflict("cannot resize task " + taskId + ": " + r.detail());
        return new Resized(migrate(taskId, null, null, size), false);
    }

    private Task migrate(String taskId, String node, String cluster, Resources size) {
        record Start(Versioned<Task> task, String target) {
        }
        Start start = cache.read(v -> {
            Versioned<Task> t = v.task(taskId).orElseThrow(() -> new LayerXException.NotFound("no task " + taskId));
            if (node != null && v.node(node).isEmpty()) throw new LayerXException.NotFound("no node named '" + node + "'");
            if (cluster != null && v.cluster(cluster).isEmpty()) {
                throw new LayerXException.NotFound("no cluster named '" + cluster + "'");
            }
            Job job = v.job(t.value().job()).map(Versioned::value)
                    .orElseThrow(() -> new LayerXException.Conflict("task " + taskId + " has no job"));
            return new Start(t, node != null ? node : choose(v, job, t.value(), cluster, size));
        });
        List<Verdict> verdicts = applier.apply(new Plan("migrate", cache.revision(),
                List.of(new PlanStep.Migrate(taskId, start.task().modRevision(), start.target(), size))));
        if (verdicts.getFirst() instanceof Verdict.Rejected r) {
            throw new LayerXException.Conflict("cannot move task " + taskId + " to " + start.target() + ": " + r.detail());
        }
        return cache.read(v -> replacementOf(v, start.task().value()))
                .orElseThrow(() -> new LayerXException.Conflict("the replacement of " + taskId + " ended at once"));
    }

    /** The live replacement of a task being moved (wanted and not ended), if a move of it is under way. */
    public static Optional<Task> replacementOf(View v, Task task) {
        return v.tasksOfJob(task.job()).stream().map(Versioned::value)
                .filter(t -> task.id().equals(t.replaces()) && t.desired() == DesiredState.RUN && !t.state().terminal())
                .findFirst();
    }

    private String choose(View v, Job job, Task task, String cluster, Resources size) {
        List<Constraint> extra = new ArrayList<>(job.constraints());
        extra.add(new Constraint("node.name", Constraint.Operator.NE, List.of(task.node())));
        if (cluster != null) extra.add(new Constraint("cluster.name", Constraint.Operator.EQ, List.of(cluster)));
        TaskSpec spec = size == null ? job.task() : job.task().withResources(size);
        Job probe = new Job(job.name(), job.type(), job.replicas(), job.strategy(), job.priority(), job.labels(), extra,
                spec, job.maxRetries(), false, job.version(), job.submitted(), job.placement(), job.brain(), job.update(),
                job.requires());
        Versioned<Task> pending = new Versioned<>(Task.pending(task.id() + "-probe", probe, task.slot(), 0, clock.instant()), 0);
        Proposal p = PlacementPass.plan("migrate", v, probe, List.of(pending), 1);
        return p.plan().steps().stream().filter(s -> s instanceof PlanStep.Place).map(s -> ((PlanStep.Place) s).node())
                .findFirst().orElseThrow(() -> new LayerXException.Conflict("no node can take task " + task.id()
                        + (cluster == null ? "" : " in cluster " + cluster) + ": " + String.join("; ", p.problems())));
    }
}

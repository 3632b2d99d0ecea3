package io.layerx.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a user asks for: a named, versioned spec. {@code version} grows by one on every accepted change.
 *
 * @param replicas   service: tasks kept running; batch: tasks that must complete; system: ignored (one per
 *                   matching node)
 * @param maxRetries batch: failed attempts tolerated per task slot before the job is failed
 * @param stopped    the user asked to stop the job: its tasks are stopped and none is placed
 * @param placement  preferences, affinity, spread and a per-node cap beyond the hard constraints
 * @param brain      the brain that places this job's tasks; {@code null}: the default brain for its type (or an
 *                   external brain registered for its type or labels)
 * @param update     service: how a new version of its tasks rolls out
 * @param requires   layer-1 image sets its tasks need on their node (placed only where each is ready)
 */
public record Job(
        String name,
        JobType type,
        int replicas,
        Strategy strategy,
        int priority,
        Map<String, String> labels,
        List<Constraint> constraints,
        TaskSpec task,
        int maxRetries,
        boolean stopped,
        long version,
        Instant submitted,
        Placement placement,
        String brain,
        UpdatePolicy update,
        List<Requirement> requires) {

    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final int DEFAULT_PRIORITY = 50;

    public Job {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(task, "task");
        strategy = strategy == null ? Strategy.SPREAD : strategy;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        placement = placement == null ? Placement.NONE : placement;
        brain = brain == null || brain.isBlank() ? null : brain;
        update = update == null ? UpdatePolicy.DEFAULT : update;
        requires = requires == null ? List.of() : List.copyOf(requires);
    }

    /** A job that requires no layer-1 image set. */
    public Job(String name, JobType type, int replicas, Strategy strategy, int priority, Map<String, String> labels,
               List<Constraint> constraints, TaskSpec task, int maxRetries, boolean stopped, long version,
               Instant submitted, Placement placement, String brain, UpdatePolicy update) {
        this(name, type, replicas, strategy, priority, labels, constraints, task, maxRetries, stopped, version,
                submitted, placement, brain, update, null);
    }

    /** A job with the default rolling update. */
    public Job(String name, JobType type, int replicas, Strategy strategy, int priority, Map<String, String> labels,
               List<Constraint> constraints, TaskSpec task, int maxRetries, boolean stopped, long version,
               Instant submitted, Placement placement, String brain) {
        this(name, type, replicas, strategy, priority, labels, constraints, task, maxRetries, stopped, version,
                submitted, placement, brain, null);
    }

    /** A job for the default brain of its type. */
    public Job(String name, JobType type, int replicas, Strategy strategy, int priority, Map<String, String> labels,
               List<Constraint> constraints, TaskSpec task, int maxRetries, boolean stopped, long version,
               Instant submitted, Placement placement) {
        this(name, type, replicas, strategy, priority, labels, constraints, task, maxRetries, stopped, version,
                submitted, placement, null);
    }

    public Job withStopped(boolean s) {
        return new Job(name, type, replicas, strategy, priority, labels, constraints, task, maxRetries, s, version, submitted, placement, brain, update, requires);
    }

    public Job withTask(TaskSpec t) {
        return new Job(name, type, replicas, strategy, priority, labels, constraints, t, maxRetries, stopped, version, submitted, placement, brain, update, requires);
    }

    public Job withVersion(long v, Instant at) {
        return new Job(name, type, replicas, strategy, priority, labels, constraints, task, maxRetries, stopped, v, at, placement, brain, update, requires);
    }

    /**
     * True when a change between the two leaves every running task as it should be: only the count, priority,
     * strategy, retries, brain or update policy differ, which act on tasks still to come. Tasks then stay through
     * the update.
     */
    public boolean sameTasks(Job o) {
        return type == o.type && labels.equals(o.labels) && constraints.equals(o.constraints) && task.equals(o.task)
                && placement.equals(o.placement) && requires.equals(o.requires);
    }

    /** True when both describe the same work, ignoring version, submit time and the stop flag. */
    public boolean sameSpec(Job o) {
        return type == o.type && replicas == o.replicas && strategy == o.strategy && priority == o.priority
                && labels.equals(o.labels) && constraints.equals(o.constraints) && task.equals(o.task)
                && maxRetries == o.maxRetries && placement.equals(o.placement) && Objects.equals(brain, o.brain)
                && update.equals(o.update) && requires.equals(o.requires);
    }
}

package io.layerx.model;

/**
 * One proposed change of a plan, stamped with the store revision of the task it was computed from
 * ({@code taskRevision}). The applier refuses a step whose task has changed since.
 */
public sealed interface PlanStep permits PlanStep.Place, PlanStep.Stop {

    String taskId();

    long taskRevision();

    /** Put a pending task on a node. */
    record Place(String taskId, long taskRevision, String node) implements PlanStep {
    }

    /** Stop a task (preemption, scale-down by a brain). */
    record Stop(String taskId, long taskRevision, String reason) implements PlanStep {
    }
}

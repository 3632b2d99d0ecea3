package io.layerx.model;

/**
 * One proposed change of a plan, stamped with the store revision of the task it was computed from
 * ({@code taskRevision}). The applier refuses a step whose task has changed since.
 */
public sealed interface PlanStep permits PlanStep.Place, PlanStep.Stop, PlanStep.Nominate, PlanStep.Migrate, PlanStep.Resize {

    String taskId();

    long taskRevision();

    /** Put a pending task on a node. */
    record Place(String taskId, long taskRevision, String node) implements PlanStep {
    }

    /** Stop a task (preemption, scale-down by a brain). */
    record Stop(String taskId, long taskRevision, String reason) implements PlanStep {
    }

    /**
     * Reserve, for a pending task, the room that stopping tasks on {@code node} will free (preemption: the victims'
     * stops come earlier in the same plan). The task is placed there once the room is really free.
     */
    record Nominate(String taskId, long taskRevision, String node) implements PlanStep {
    }

    /**
     * Move a running task to {@code node}, start before stop: a replacement is placed there now, and the original is
     * stopped only once the replacement runs. If the replacement fails, the original keeps running.
     *
     * @param resources the replacement's reservation; {@code null}: the same as the original's
     */
    record Migrate(String taskId, long taskRevision, String node, Resources resources) implements PlanStep {
        public Migrate(String taskId, long taskRevision, String node) {
            this(taskId, taskRevision, node, null);
        }
    }

    /** Change a placed task's reservation in place; its node must have the room for the difference. */
    record Resize(String taskId, long taskRevision, Resources resources) implements PlanStep {
    }
}

package io.layerx.model;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a job. The core owns every field; providers report what they observe as events that the
 * task state machine turns into the next record.
 *
 * @param slot      the replica index this task fills (0 .. replicas-1)
 * @param attempt   how many tasks filled this slot before this one (batch retries, service replacements)
 * @param node      the node it is placed on; {@code null} while pending
 * @param ports     host ports handed out at placement, by label
 * @param reason    why it is in its state (failure reason, who stopped it), may be empty
 * @param exitCode  the process exit code once exited or failed, else {@code null}
 * @param target    the only node this task may be placed on (system jobs: one task per node), else {@code null}
 * @param nominated while pending: the node on which preemption is clearing room for it; that room is reserved
 *                  against every other task until this one is placed or ends (Kubernetes' nominated node)
 * @param replaces  a migration's replacement: the id of the task it moves; that task is stopped once this one runs
 * @param gpus      the indices of the node's GPU devices handed to the task at placement (empty without gpu)
 */
public record Task(
        String id,
        String job,
        long jobVersion,
        int slot,
        int attempt,
        Resources resources,
        DesiredState desired,
        TaskState state,
        String node,
        String cluster,
        Map<String, Integer> ports,
        String reason,
        Integer exitCode,
        Instant created,
        Instant updated,
        String target,
        String nominated,
        String replaces,
        List<Integer> gpus) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(resources, "resources");
        desired = desired == null ? DesiredState.RUN : desired;
        state = state == null ? TaskState.PENDING : state;
        ports = ports == null ? Map.of() : Map.copyOf(ports);
        reason = reason == null ? "" : reason;
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }

    /** A task without GPU devices. */
    public Task(String id, String job, long jobVersion, int slot, int attempt, Resources resources, DesiredState desired,
                TaskState state, String node, String cluster, Map<String, Integer> ports, String reason,
                Integer exitCode, Instant created, Instant updated, String target, String nominated, String replaces) {
        this(id, job, jobVersion, slot, attempt, resources, desired, state, node, cluster, ports, reason, exitCode,
                created, updated, target, nominated, replaces, List.of());
    }

    public static Task pending(String id, Job job, int slot, int attempt, Instant now) {
        return new Task(id, job.name(), job.version(), slot, attempt, job.task().resources(), DesiredState.RUN,
                TaskState.PENDING, null, null, Map.of(), "", null, now, now, null, null, null);
    }

    /** This task counted as one of version {@code v} of its job (its job's template changed under it). */
    public Task withJobVersion(long v, Instant now) {
        return new Task(id, job, v, slot, attempt, resources, desired, state, node, cluster, ports, reason,
                exitCode, created, now, target, nominated, replaces, gpus);
    }

    /** A pending task that may only go to {@code node} (a system job's task for that node). */
    public Task withTarget(String node) {
        return new Task(id, job, jobVersion, slot, attempt, resources, desired, state, this.node, cluster, ports, reason,
                exitCode, created, updated, node, nominated, replaces, gpus);
    }

    public Task assigned(String nodeName, String clusterName, Map<String, Integer> hostPorts, Instant now) {
        return new Task(id, job, jobVersion, slot, attempt, resources, desired, TaskState.ASSIGNED, nodeName,
                clusterName, hostPorts, "", null, created, now, target, null, replaces, List.of());
    }

    public Task withState(TaskState s, String why, Integer code, Instant now) {
        return new Task(id, job, jobVersion, slot, attempt, resources, desired, s, node, cluster, ports,
                why, code, created, now, target, nominated, replaces, gpus);
    }

    public Task withDesired(DesiredState d, String why, Instant now) {
        return new Task(id, job, jobVersion, slot, attempt, resources, d, state, node, cluster, ports,
                why, exitCode, created, now, target, nominated, replaces, gpus);
    }

    /** The same task with a new reservation (an in-place resize). */
    public Task withResources(Resources size, Instant now) {
        return new Task(id, job, jobVersion, slot, attempt, size, desired, state, node, cluster, ports,
                "resized from " + resources + " to " + size, exitCode, created, now, target, nominated, replaces, gpus);
    }

    /** Where this process's task ids start (random, so ids of another run or server are unlikely to meet them). */
    private static final AtomicInteger NEXT_ID = new AtomicInteger(ThreadLocalRandom.current().nextInt());
    /** An odd step (2^32 / the golden ratio): ids look scattered and repeat only after 2^32 of them. */
    private static final int ID_STEP = 0x9E3779B9;

    /**
     * A fresh id for a task of {@code job}: 8 hex digits, never the same twice in this process (a random 32-bit id
     * each time met a twin among a 1,000-task job's ids about once in 10 c1m runs, and the job's txn then named one
     * key twice). An id another process chose is kept apart by the creating txn's expect-absent compare.
     */
    public static String newId(String job) {
        return job + "-" + HexFormat.of().toHexDigits(NEXT_ID.getAndAdd(ID_STEP));
    }

    /**
     * The replacement of a running task that moves to {@code node}: the same job and slot, the next attempt, placed
     * on the target at once; the original keeps running until this one does.
     */
    public Task replacement(String newId, String nodeName, String clusterName, Map<String, Integer> hostPorts,
                            Resources size, Instant now) {
        return new Task(newId, job, jobVersion, slot, attempt + 1, size, DesiredState.RUN, TaskState.ASSIGNED,
                nodeName, clusterName, hostPorts, "migrating from " + node, null, now, now, null, null, id, List.of());
    }

    /** A pending task for which preemption is clearing room on {@code node}. */
    public Task withNominated(String node, String why, Instant now) {
        return new Task(id, job, jobVersion, slot, attempt, resources, desired, state, this.node, cluster, ports,
                why, exitCode, created, now, target, node, replaces, gpus);
    }

    /** The same task holding the GPU devices {@code indices} (set with its placement). */
    public Task withGpus(List<Integer> indices) {
        return new Task(id, job, jobVersion, slot, attempt, resources, desired, state, node, cluster, ports, reason,
                exitCode, created, updated, target, nominated, replaces, indices);
    }

    public boolean pending() {
        return state == TaskState.PENDING && desired == DesiredState.RUN;
    }
}

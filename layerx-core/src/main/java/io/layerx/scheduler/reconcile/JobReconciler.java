package io.layerx.scheduler.reconcile;

import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The pure heart of the job controller: given a job and all its tasks, what must change. Service jobs keep one live
 * task in each slot 0..replicas-1 (replacing failed and lost ones); batch jobs run each slot to a clean exit,
 * retrying a slot up to {@code maxRetries} failures. The job's {@link RestartPolicy} decides which ended tasks are
 * replaced and how long a slot waits first (then the reconciliation says when to look again). A stopped or deleted
 * job stops everything.
 *
 * <p>A new version of a service job rolls: a slot's running task of an older version stays until the slot's task of
 * the new version runs, and at most {@link io.layerx.model.UpdatePolicy#maxParallel} slots are replaced at once
 * (start before stop). Tasks of an older version that do not run yet, and those of other job types, are replaced at
 * once.
 */
public final class JobReconciler {

    /** Finished tasks kept per slot for history beyond what retry counting needs. */
    static final int HISTORY = 5;

    private JobReconciler() {
    }

    /**
     * @param job   the job, or {@code null} when it was deleted
     * @param ids   makes fresh task ids
     */
    public static Reconciliation reconcile(Job job, List<Task> tasks, Instant now, Supplier<String> ids) {
        return reconcile(job, tasks, List.of(), now, ids);
    }

    /**
     * @param nodes for a system job, the nodes that should each run one of its tasks (ready, matching its
     *              constraints); ignored for other types
     */
    public static Reconciliation reconcile(Job job, List<Task> tasks, List<String> nodes, Instant now,
                                           Supplier<String> ids) {
        List<Task> create = new ArrayList<>();
        List<Task> stop = new ArrayList<>();
        if (job == null || job.stopped()) {
            for (Task t : tasks) if (live(t)) stop.add(stopped(t, job == null ? "job deleted" : "job stopped", now));
            return new Reconciliation(create, stop, forget(tasks, job), "stopped");
        }
        if (job.type() == JobType.SYSTEM) return SystemReconciler.reconcile(job, tasks, nodes, now, ids);
        Map<Integer, List<Task>> slots = new TreeMap<>();
        Map<Integer, List<Task>> outdated = new TreeMap<>();
        sort(job, tasks, slots, outdated, stop, now);
        RestartPolicy policy = job.task().restartFor(job.type());
        int rolling = rolling(outdated, slots);
        int done = 0;
        int failed = 0;
        int running = 0;
        Duration wake = null;
        for (int slot = 0; slot < job.replicas(); slot++) {
            List<Task> inSlot = slots.getOrDefault(slot, List.of());
            List<Task> old = outdated.getOrDefault(slot, List.of());
            switch (slotOutcome(job, policy, inSlot)) {
                case DONE -> done++;
                case FAILED -> failed++;
                case LIVE -> {
                    List<Task> live = inSlot.stream().filter(JobReconciler::live).sorted(KEEP_FIRST).toList();
                    Task up = live.stream().filter(t -> t.state() == TaskState.RUNNING).findFirst().orElse(null);
                    if (up != null || !old.isEmpty()) running++;
                    if (up != null) {
                        for (Task o : old) stop.add(stopped(o, "replaced by version " + job.version() + " (" + up.id() + ")", now));
                    }
                    stop.addAll(extras(live, now));
                }
                case EMPTY -> {
                    if (!old.isEmpty()) running++;
                    Duration wait = backoffLeft(policy, inSlot, now);
                    if (!old.isEmpty() && rolling >= job.update().maxParallel()) {
                        continue; // the slot keeps its running task of the old version until its turn
                    }
                    if (wait.isZero()) {
                        create.add(Task.pending(ids.get(), job, slot, inSlot.size(), now));
                        if (!old.isEmpty()) rolling++;
                    } else if (wake == null || wait.compareTo(wake) < 0) {
                        wake = wait;
                    }
                }
            }
        }
        String status = status(job, done, failed, running);
        return new Reconciliation(create, stop, forget(tasks, job), status, wake, !outdated.isEmpty());
    }

    /**
     * Puts each task of a live slot of the current version in {@code slots}, each running task of an older version
     * of a service job in {@code outdated} (rolled: it stays until its slot's turn), and stops the rest that live.
     */
    private static void sort(Job job, List<Task> tasks, Map<Integer, List<Task>> slots,
                             Map<Integer, List<Task>> outdated, List<Task> stop, Instant now) {
        for (Task t : tasks) {
            if (t.slot() >= job.replicas()) {
                if (live(t)) stop.add(stopped(t, "scaled down", now));
            } else if (t.jobVersion() == job.version()) {
                slots.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
            } else if (live(t) && t.state() == TaskState.RUNNING && job.type() == JobType.SERVICE) {
                outdated.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
            } else if (live(t)) {
                stop.add(stopped(t, "job updated", now));
            }
        }
    }

    /** Slots being replaced now: a task of an older version runs there, and the new version's does not yet. */
    private static int rolling(Map<Integer, List<Task>> outdated, Map<Integer, List<Task>> slots) {
        int n = 0;
        for (Integer slot : outdated.keySet()) {
            List<Task> current = slots.getOrDefault(slot, List.of()).stream().filter(JobReconciler::live).toList();
            if (!current.isEmpty() && current.stream().noneMatch(t -> t.state() == TaskState.RUNNING)) n++;
        }
        return n;
    }

    /**
     * What to stop when a slot has more than one live task. A migration's replacement and its original are not
     * duplicates: the original is stopped once the replacement runs (start before stop). Any other extra copy is.
     */
    private static List<Task> extras(List<Task> live, Instant now) {
        List<Task> out = new ArrayList<>();
        Task keep = live.getFirst();
        Task replacement = live.stream().filter(t -> t.replaces() != null
                && live.stream().anyMatch(o -> o.id().equals(t.replaces()))).findFirst().orElse(null);
        if (replacement != null) {
            Task original = live.stream().filter(o -> o.id().equals(replacement.replaces())).findFirst().orElseThrow();
            if (replacement.state() == TaskState.RUNNING) {
                out.add(stopped(original, "migrated to " + replacement.node() + " (" + replacement.id() + ")", now));
                keep = replacement;
            } else {
                keep = original;
            }
        }
        for (Task t : live) {
            boolean pairOfMigration = replacement != null && (t == replacement || t.id().equals(replacement.replaces()));
            if (t != keep && !pairOfMigration) out.add(stopped(t, "duplicate in slot", now));
        }
        return out;
    }

    private enum Outcome { DONE, FAILED, LIVE, EMPTY }

    private static Outcome slotOutcome(Job job, RestartPolicy policy, List<Task> inSlot) {
        if (inSlot.stream().anyMatch(JobReconciler::live)) return Outcome.LIVE;
        if (policy.mode() != RestartPolicy.Mode.ALWAYS && inSlot.stream().anyMatch(t -> t.state() == TaskState.EXITED)) {
            return Outcome.DONE;
        }
        long failures = inSlot.stream().filter(t -> t.state() == TaskState.FAILED
                || t.state() == TaskState.LOST && job.type() == JobType.BATCH).count();
        if (failures > policy.retries(job)) return Outcome.FAILED;
        return Outcome.EMPTY;
    }

    /** How long the slot's next task must still wait: the policy's backoff after the slot's tasks' own ends. */
    private static Duration backoffLeft(RestartPolicy policy, List<Task> inSlot, Instant now) {
        Instant since = now.minus(RestartPolicy.RESET);
        List<Task> ended = inSlot.stream().filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.EXITED)
                .filter(t -> t.updated().isAfter(since)).toList();
        Duration delay = policy.delay(ended.size());
        if (delay.isZero()) return Duration.ZERO;
        Instant last = ended.stream().map(Task::updated).max(Comparator.naturalOrder()).orElse(now);
        Duration left = Duration.between(now, last.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String status(Job job, int done, int failed, int running) {
        if (failed > 0) return "failed";
        if (done == job.replicas() && (job.type() == JobType.BATCH || done > 0)) return "complete";
        return running + done == job.replicas() ? "running" : running > 0 && job.type() == JobType.BATCH ? "running" : "pending";
    }

    /** Running copies first, then the oldest: the one to keep when a slot has two. */
    static final Comparator<Task> KEEP_FIRST = Comparator
            .comparing((Task t) -> t.state() != TaskState.RUNNING)
            .thenComparing(Task::created)
            .thenComparing(Task::id);

    /** Wanted and not finished. */
    public static boolean live(Task t) {
        return !t.state().terminal() && t.desired() == DesiredState.RUN;
    }

    static Task stopped(Task t, String why, Instant now) {
        Task s = t.withDesired(DesiredState.STOP, why, now);
        return t.state() == TaskState.PENDING ? s.withState(TaskState.KILLED, why, null, now) : s;
    }

    /** Enough finished tasks per slot to count its retries and its backoff. */
    private static int keepPerSlot(Job job) {
        RestartPolicy p = job.task().restartFor(job.type());
        int retries = p.mode() == RestartPolicy.Mode.ON_FAILURE ? Math.min(p.retries(job), 1000) : job.maxRetries();
        return Math.max(HISTORY, Math.max(retries + 2, p.endsToMaxBackoff()));
    }

    /**
     * Finished tasks beyond the newest few of each slot (enough to count a batch job's retries); every finished task
     * of a deleted job.
     */
    static List<Task> forget(List<Task> tasks, Job job) {
        int keep = job == null ? 0 : keepPerSlot(job);
        Map<Integer, List<Task>> finished = new TreeMap<>();
        for (Task t : tasks) if (t.state().terminal()) finished.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
        List<Task> out = new ArrayList<>();
        for (List<Task> slot : finished.values()) {
            if (slot.size() <= keep) continue;
            slot.sort(Comparator.comparing(Task::updated).reversed().thenComparing(Task::id));
            out.addAll(slot.subList(keep, slot.size()));
        }
        return out;
    }
}

package io.layerx.provider.task.mesos;

import com.google.protobuf.ByteString;
import io.layerx.model.Task;
import io.layerx.service.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The task side of the master: which job runs which framework task, the status updates made of LayerX task changes
 * (sent until acknowledged, with back-off), the master's own updates (dropped, error, lost) and reconciliation.
 * Works on {@link MasterState} under its lock.
 */
final class StatusUpdates {
    private final MasterState s;

    StatusUpdates(MasterState state) {
        this.s = state;
    }

    /** Records that {@code job} runs the framework's task, before the job is submitted. */
    void launching(String framework, String taskId, String job) {
        s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            if (f == null) return;
            f.tasks.put(taskId, job);
            s.owners.put(job, new MasterState.Owner(framework, taskId));
            s.changed(f);
        });
    }

    /**
     * What a task that never ran is reported as: TASK_DROPPED to a PARTITION_AWARE framework, else TASK_LOST (as
     * Mesos does); {@code unknown} for a task the master does not know (TASK_UNKNOWN, else TASK_LOST).
     */
    TaskState neverRan(String framework, boolean unknown) {
        boolean aware = s.locked(() -> Optional.ofNullable(s.frameworks.get(framework)).map(Framework::partitionAware).orElse(false));
        return !aware ? TaskState.TASK_LOST : unknown ? TaskState.TASK_UNKNOWN : TaskState.TASK_DROPPED;
    }

    /** The job that runs the framework's task. */
    Optional<String> jobOf(String framework, String taskId) {
        return s.locked(() -> Optional.ofNullable(s.frameworks.get(framework)).map(f -> f.tasks.get(taskId)));
    }

    /**
     * Tells the framework an update of its task that the master made itself (dropped, error, lost): sent once, without
     * a uuid, as a Mesos master does (only updates from where a task ran are delivered reliably and acknowledged).
     */
    void masterUpdate(String framework, String taskId, String node, TaskState state, TaskStatus.Reason reason, String message) {
        s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            if (f == null) return;
            TaskStatus st = TaskMapping.fromMaster(taskId, node, state, reason, message, s.clock.instant());
            f.told.put(taskId, st);
            s.changed(f);
            if (f.connected()) f.subscriber.send(Events.update(st));
        });
    }

    /** A change of the control plane: task changes of Mesos jobs become status updates. */
    void onEvent(Event e) {
        if (!e.kind().equals("task") || !(e.object() instanceof Task t)) return;
        s.locked(() -> {
            MasterState.Owner o = s.owners.get(t.job());
            if (o == null) return;
            Task before = s.lastTask.get(t.job());
            if (before != null && !before.id().equals(t.id()) && before.created().isAfter(t.created())) return;
            s.lastTask.put(t.job(), t);
            Framework f = s.frameworks.get(o.framework());
            if (f != null) observe(f, t.job(), t, s.clock.instant());
        });
    }

    /** Under the lock: on a (re)subscribe, sends what the framework has not acknowledged and what it was not told. */
    void resend(Framework f) {
        Instant now = s.clock.instant();
        for (Deque<Framework.Pending> q : f.unacked.values()) if (!q.isEmpty()) sendHead(f, q, now);
        for (String job : f.tasks.values()) {
            Task t = s.lastTask.get(job);
            if (t != null) observe(f, job, t, now);
        }
    }

    private void observe(Framework f, String job, Task t, Instant now) {
        MasterState.Owner o = s.owners.get(job);
        if (o == null || t.state() == io.layerx.model.TaskState.PENDING) return;
        TaskState st = TaskMapping.state(t);
        TaskStatus last = f.told.get(o.taskId());
        if (last != null && (last.getState() == st || TaskMapping.terminal(last.getState()))) return;
        TaskStatus.Source source = t.node() == null ? TaskStatus.Source.SOURCE_MASTER : TaskStatus.Source.SOURCE_EXECUTOR;
        TaskStatus status = TaskMapping.update(o.taskId(), t.node(), st, t.reason(), source, now);
        f.told.put(o.taskId(), status);
        s.changed(f);
        Deque<Framework.Pending> q = f.queueOf(o.taskId());
        q.addLast(new Framework.Pending(status));
        if (q.size() == 1) sendHead(f, q, now);
    }

    private void sendHead(Framework f, Deque<Framework.Pending> q, Instant now) {
        Framework.Pending p = q.peekFirst();
        p.sent = now;
        p.backoff = p.backoff == null ? s.settings.firstRetry() : min(p.backoff.multipliedBy(2), s.settings.maxRetry());
        if (f.connected()) f.subscriber.send(Events.update(p.status));
    }

    /** Under the lock: sends again each head update whose back-off ran out. */
    void retry(Framework f, Instant now) {
        for (Deque<Framework.Pending> q : f.unacked.values()) {
            Framework.Pending p = q.peekFirst();
            if (p != null && (p.sent == null || !now.isBefore(p.sent.plus(p.backoff)))) sendHead(f, q, now);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * An ACKNOWLEDGE: the head update of the task is done when the uuid matches, and the next one is sent. Returns the
     * job to forget when a terminal update was acknowledged (the task is over for the framework too).
     */
    Optional<String> acknowledge(String framework, String taskId, ByteString uuid) {
        return s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            if (f == null) return Optional.<String>empty();
            Deque<Framework.Pending> q = f.unacked.get(taskId);
            if (q == null || q.isEmpty() || !q.peekFirst().status.getUuid().equals(uuid)) return Optional.<String>empty();
            TaskStatus done = q.removeFirst().status;
            s.changed(f);
            if (!q.isEmpty()) sendHead(f, q, s.clock.instant());
            else f.unacked.remove(taskId);
            if (!TaskMapping.terminal(done.getState())) return Optional.<String>empty();
            return Optional.ofNullable(f.tasks.get(taskId));
        });
    }

    /** RECONCILE: the latest state of each named task (none named: every task not yet ended), no uuid. */
    void reconcile(String framework, List<String> taskIds) {
        s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            if (f == null || !f.connected()) return;
            Instant now = s.clock.instant();
            List<String> ids = taskIds.isEmpty() ? f.told.entrySet().stream()
                    .filter(e -> !TaskMapping.terminal(e.getValue().getState())).map(Map.Entry::getKey).toList() : taskIds;
            for (String id : ids) {
                TaskStatus last = f.told.get(id);
                TaskStatus st = last != null
                        ? TaskMapping.reconciled(id, last.hasAgentId() ? last.getAgentId().getValue() : null, last.getState(), last.getMessage(), now)
                        : TaskMapping.reconciled(id, null, f.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST,
                        "Reconciliation: task is unknown", now);
                f.subscriber.send(Events.update(st));
            }
        });
    }
}

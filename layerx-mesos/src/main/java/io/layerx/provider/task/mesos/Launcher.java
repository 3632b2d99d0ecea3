package io.layerx.provider.task.mesos;

import io.layerx.brain.BrainGateway;
import io.layerx.brain.BrainRegistration;
import io.layerx.model.LayerXException;
import io.layerx.model.PlanStep;
import io.layerx.model.Verdict;
import io.layerx.service.ControlPlane;
import io.layerx.model.Task;
import io.layerx.service.Event;
import io.layerx.service.JobView;
import io.layerx.service.TaskFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LayerX side of the scheduler calls, outside the master's lock: a launched task is submitted as a job of the
 * {@code mesos} brain and placed on the offered node through the plan applier, like any external brain's plan, so
 * it is checked against the newest state there; a launch whose room was taken meanwhile is refused by the applier
 * and reported TASK_DROPPED. Kills stop jobs, teardowns delete them.
 */
final class Launcher {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);
    private static final Duration PENDING_WAIT = Duration.ofSeconds(30);
    static final BrainRegistration BRAIN = new BrainRegistration(TaskMapping.BRAIN, Set.of(), Map.of(), Duration.ofSeconds(60));

    private final ControlPlane controlPlane;
    private final MesosMaster master;
    private final InstantSource clock;

    Launcher(ControlPlane controlPlane, MesosMaster master, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.master = master;
        this.clock = clock;
    }

    private BrainGateway gateway() {
        return controlPlane.brains();
    }

    /** Registers (or heartbeats) the brain that places Mesos tasks. */
    void heartbeat() {
        gateway().register(BRAIN);
    }

    /** Launches one task on {@code node}: submitted, placed there, or dropped with the applier's reason. */
    void launch(String framework, TaskInfo info, String node) throws InterruptedException {
        String taskId = info.getTaskId().getValue();
        var job = TaskMapping.job(framework, info, node);
        if (master.updates().jobOf(framework, taskId).isPresent() || exists(job.name())) {
            master.updates().masterUpdate(framework, taskId, node, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                    "Task ID '" + taskId + "' is already in use");
            return;
        }
        master.updates().launching(framework, taskId, job.name());
        master.save();
        try {
            controlPlane.submitJob(job);
        } catch (LayerXException.Invalid e) {
            master.updates().masterUpdate(framework, taskId, node, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                    e.getMessage() + ": " + String.join("; ", e.details()));
            return;
        }
        Optional<BrainGateway.PendingTask> pending = awaitPending(job.name());
        String why;
        if (pending.isEmpty()) {
            why = "LayerX did not make the task of job " + job.name() + " in " + PENDING_WAIT.toSeconds() + "s";
        } else {
            PlanStep.Place step = new PlanStep.Place(pending.get().id(), pending.get().revision(), node);
            Verdict v = gateway().submit(TaskMapping.BRAIN, List.of(step)).getFirst();
            if (v instanceof Verdict.Accepted) return;
            Verdict.Rejected r = (Verdict.Rejected) v;
            why = "the offer's room is gone: " + r.code() + ": " + r.detail();
        }
        master.updates().masterUpdate(framework, taskId, node, master.updates().neverRan(framework, false), TaskStatus.Reason.REASON_INVALID_OFFERS, why);
        forget(List.of(job.name()));
    }

    private boolean exists(String job) {
        try {
            controlPlane.job(job);
            return true;
        } catch (LayerXException.NotFound e) {
            return false;
        }
    }

    private Optional<BrainGateway.PendingTask> awaitPending(String job) throws InterruptedException {
        Instant deadline = clock.instant().plus(PENDING_WAIT);
        long after = 0;
        while (clock.instant().isBefore(deadline)) {
            BrainGateway.Work w = gateway().work(TaskMapping.BRAIN, after, Duration.ofSeconds(2));
            after = w.revision();
            for (BrainGateway.JobWork j : w.jobs()) {
                if (j.job().name().equals(job) && !j.pending().isEmpty()) return Optional.of(j.pending().getFirst());
            }
        }
        return Optional.empty();
    }

    /** KILL: stops the job of the task; false when the framework has no such task. */
    boolean kill(String framework, String taskId) {
        Optional<String> job = master.updates().jobOf(framework, taskId);
        if (job.isEmpty()) return false;
        try {
            controlPlane.stopJob(job.get());
        } catch (LayerXException.NotFound e) {
            log.debug("the job of task {} is gone already", taskId);
        }
        return true;
    }

    /** Deletes the jobs (their live tasks are stopped). */
    void forget(List<String> jobs) {
        for (String j : jobs) {
            try {
                controlPlane.deleteJob(j);
            } catch (LayerXException.NotFound e) {
                log.debug("job {} is gone already", j);
            }
        }
    }

    /** The Mesos jobs the store holds: job name to its framework and task id, for a master that takes over. */
    Map<String, MasterState.Owner> mesosJobs() {
        Map<String, MasterState.Owner> out = new LinkedHashMap<>();
        for (JobView v : controlPlane.jobs()) {
            Map<String, String> l = v.job().labels();
            String fw = l.get(TaskMapping.FRAMEWORK_LABEL);
            if (fw != null) out.put(v.job().name(), new MasterState.Owner(fw, l.get(TaskMapping.TASK_LABEL)));
        }
        return out;
    }

    /** Feeds the master the current tasks of {@code jobs}, whose changes it has not seen (it just took over). */
    void replay(Collection<String> jobs) {
        long revision = controlPlane.revision();
        for (String j : jobs) {
            for (Task t : controlPlane.tasks(new TaskFilter(j, null, null))) {
                master.updates().onEvent(new Event(revision, "task", "put", t.id(), t));
            }
        }
    }
}

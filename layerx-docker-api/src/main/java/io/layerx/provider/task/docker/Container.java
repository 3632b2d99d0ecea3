package io.layerx.provider.task.docker;

import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Task;
import java.time.Instant;

/**
 * A container as the Docker API shows it: a one-task LayerX job made through the API (its name is the container's
 * name, its label {@link Containers#ID_LABEL} the container's id), with the job's newest task; or a container created
 * but not started yet, which has no job in the store.
 *
 * @param started false while the container is only created
 * @param task    the job's newest task, or {@code null} before the first one
 */
record Container(String id, Job job, boolean started, Task task, Instant created) {

    String name() {
        return job.name();
    }

    /** Docker's state: created, running, restarting or exited. */
    String state() {
        if (!started || task == null) return started && job.stopped() ? "exited" : "created";
        return switch (task.state()) {
            case RUNNING -> "running";
            case PENDING, ASSIGNED, STARTING -> task.attempt() > 0 ? "restarting" : "created";
            case EXITED, FAILED, KILLED, LOST ->
                    job.type() == JobType.SERVICE && !job.stopped() ? "restarting" : "exited";
        };
    }

    boolean running() {
        String s = state();
        return s.equals("running") || s.equals("restarting") || (started && !job.stopped() && s.equals("created"));
    }

    /** The exit code of the newest task once it ended: its own, 137 when killed, 255 when lost or failed without one. */
    int exitCode() {
        if (task == null || !task.state().terminal()) return 0;
        if (task.exitCode() != null) return task.exitCode();
        return switch (task.state()) {
            case KILLED -> 137;
            case EXITED -> 0;
            case PENDING, ASSIGNED, STARTING, RUNNING, FAILED, LOST -> 255;
        };
    }

    /** The node the newest task runs or ran on, or {@code null}. */
    String node() {
        return task == null ? null : task.node();
    }
}

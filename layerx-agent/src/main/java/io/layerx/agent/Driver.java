package io.layerx.agent;

import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.usage.Counters;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs one kind of task on this node. Every method is safe to call again (the agent is level-triggered): a second
 * stop of a stopped task does nothing.
 */
interface Driver {

    /** The driver's name in a task spec: {@code exec} or {@code docker}. */
    String name();

    /**
     * Starts the task and returns its record (to be saved before anything else happens to it). A task that cannot
     * start returns a record that has already ended, failed with a clear reason.
     */
    LocalRecord start(Assignment a);

    /** How the task is now: still running, or how it ended. */
    Status observe(LocalRecord r);

    /** Stops the task: a polite signal, then after {@code grace} a kill; returns once nothing of it runs. */
    void stop(LocalRecord r, Duration grace);

    /**
     * Runs a health check command where the task runs (exec: on the node in the task's working folder with its
     * environment; docker: inside its container), within {@code timeout}; empty when it exits 0, else why not.
     */
    Optional<String> check(LocalRecord r, Assignment a, List<String> command, Duration timeout)
            throws IOException, InterruptedException;

    /**
     * Changes the limits of the running task in place to {@code to} (cpu and memory). Returns the limits now in force
     * and, when the kernel or the engine refused part of the new size, why: a refused part keeps its old limit.
     */
    Resized resize(LocalRecord r, Resources to);

    /** What the running task uses now (raw counters); empty where this node cannot measure it. */
    Optional<Counters> counters(LocalRecord r);

    /** Frees what the task held on the node (cgroups, containers) once it ended; its logs stay. */
    void release(LocalRecord r);

    /**
     * What a resize did.
     *
     * @param applied the limits in force now (the old ones where refused; {@code null} when still unknown)
     * @param refused why part or all of the new size was not applied; empty when all of it was
     */
    record Resized(Resources applied, String refused) {
        public Resized {
            refused = refused == null ? "" : refused;
        }

        boolean complete() {
            return refused.isEmpty();
        }
    }

    /** What {@link #observe} sees. */
    sealed interface Status permits Running, Ended {
    }

    record Running() implements Status {
    }

    record Ended(TaskState state, Integer exitCode, String reason) implements Status {
    }
}

package io.layerx.agent;

import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Observed;
import java.time.Instant;
import java.util.List;

/**
 * What the agent keeps on disk of one task it started ({@code DATA/tasks/ID/task.json}): enough to find the
 * process or container again after an agent restart, and how it ended once it did.
 *
 * @param pid        exec: the process id of the task's wrapper
 * @param startTicks exec: the wrapper's start time in clock ticks since boot (/proc/PID/stat field 22): a pid
 *                   with another start time is another process
 * @param container  docker: the container id
 * @param cgroups    exec: the task's cgroup folders (one per controller for cgroup v1)
 * @param resources  the limits in force on the task (what it started with, or the last size a resize applied);
 *                   {@code null} in a record of an agent older than resizes: unknown, so the next desired set
 *                   applies its size once
 * @param end        how it ended, once it did; {@code null} while it may run
 */
record LocalRecord(String task, String job, String driver, long pid, long startTicks, String container,
                   List<String> cgroups, Resources resources, Instant started, Observed end) {
    LocalRecord {
        cgroups = cgroups == null ? List.of() : List.copyOf(cgroups);
    }

    LocalRecord ended(TaskState state, Integer exitCode, String reason) {
        return new LocalRecord(task, job, driver, pid, startTicks, container, cgroups, resources, started,
                new Observed(task, state, exitCode, reason));
    }

    /** The same task with other limits in force. */
    LocalRecord withResources(Resources applied) {
        return new LocalRecord(task, job, driver, pid, startTicks, container, cgroups, applied, started, end);
    }

    /** True when the limits in force are known and the same as {@code wanted}'s (cpu and memory: disk is not enforced). */
    boolean limitedTo(Resources wanted) {
        return resources != null && resources.cpu() == wanted.cpu() && resources.memory() == wanted.memory();
    }

    boolean finished() {
        return end != null;
    }
}

package io.layerx.agent;

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
 * @param end        how it ended, once it did; {@code null} while it may run
 */
record LocalRecord(String task, String job, String driver, long pid, long startTicks, String container,
                   List<String> cgroups, Instant started, Observed end) {
    LocalRecord {
        cgroups = cgroups == null ? List.of() : List.copyOf(cgroups);
    }

    LocalRecord ended(TaskState state, Integer exitCode, String reason) {
        return new LocalRecord(task, job, driver, pid, startTicks, container, cgroups, started,
                new Observed(task, state, exitCode, reason));
    }

    boolean finished() {
        return end != null;
    }
}

package io.layerx.provider.task.mesos;

import java.util.List;
import java.util.Map;

/**
 * A framework as operators see it ({@code GET /v1/frameworks}, {@code layerx framework list|get}).
 *
 * @param connected whether its event stream is open; a disconnected one is torn down after its failover timeout
 * @param offers    how many offers it holds now
 * @param tasks     its tasks: Mesos task id to the last state it was told (TASK_STAGING before any)
 * @param jobs      its tasks' LayerX jobs: Mesos task id to job name
 */
public record FrameworkView(String id, String name, String user, List<String> roles, boolean connected,
                            boolean suppressed, double failoverTimeoutSeconds, int offers, Map<String, String> tasks,
                            Map<String, String> jobs) {
    public FrameworkView {
        roles = List.copyOf(roles);
        tasks = Map.copyOf(tasks);
        jobs = Map.copyOf(jobs);
    }
}

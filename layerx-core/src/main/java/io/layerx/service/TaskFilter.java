package io.layerx.service;

import io.layerx.model.TaskState;

/** Matches tasks on every non-null field. */
public record TaskFilter(String job, String node, TaskState state) {
    public static final TaskFilter ALL = new TaskFilter(null, null, null);

    public boolean matches(io.layerx.model.Task t) {
        return (job == null || job.equals(t.job())) && (node == null || node.equals(t.node()))
                && (state == null || state == t.state());
    }
}

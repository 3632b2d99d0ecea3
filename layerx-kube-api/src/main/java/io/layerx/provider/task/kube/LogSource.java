package io.layerx.provider.task.kube;

import io.layerx.model.Task;
import java.io.IOException;
import java.io.OutputStream;

/** Where a task's output comes from (the server reads it from the agent of the task's node). */
@FunctionalInterface
public interface LogSource {
    /** Copies the task's stdout to {@code out}; with {@code follow}, until the task ends or the client goes away. */
    void copy(Task task, boolean follow, OutputStream out) throws IOException;
}

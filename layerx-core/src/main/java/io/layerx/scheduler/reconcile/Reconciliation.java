package io.layerx.scheduler.reconcile;

import io.layerx.model.Task;
import java.util.List;

/**
 * What a job needs now: tasks to create (pending), task records to rewrite (stopping), tasks to forget (old
 * finished ones), and the job's status word.
 */
public record Reconciliation(List<Task> create, List<Task> stop, List<Task> forget, String status) {
    public Reconciliation {
        create = List.copyOf(create);
        stop = List.copyOf(stop);
        forget = List.copyOf(forget);
    }

    public boolean noop() {
        return create.isEmpty() && stop.isEmpty() && forget.isEmpty();
    }
}

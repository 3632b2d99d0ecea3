package io.layerx.scheduler.reconcile;

import io.layerx.model.Task;
import java.time.Duration;
import java.util.List;

/**
 * What a job needs now: tasks to create (pending), task records to rewrite (stopping), tasks to forget (old
 * finished ones), the job's status word, and when to reconcile again ({@code wakeIn}: a slot waits out its restart
 * backoff; {@code null} when nothing waits) and whether a new version is rolling out ({@code rolling}: tasks of an
 * older version run until theirs do, so the job must be looked at again when one of its tasks starts running).
 */
public record Reconciliation(List<Task> create, List<Task> stop, List<Task> forget, String status, Duration wakeIn,
                             boolean rolling) {
    public Reconciliation {
        create = List.copyOf(create);
        stop = List.copyOf(stop);
        forget = List.copyOf(forget);
    }

    public Reconciliation(List<Task> create, List<Task> stop, List<Task> forget, String status, Duration wakeIn) {
        this(create, stop, forget, status, wakeIn, false);
    }

    public Reconciliation(List<Task> create, List<Task> stop, List<Task> forget, String status) {
        this(create, stop, forget, status, null);
    }

    public boolean noop() {
        return create.isEmpty() && stop.isEmpty() && forget.isEmpty();
    }
}

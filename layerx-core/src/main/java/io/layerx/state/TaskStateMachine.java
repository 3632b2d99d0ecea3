package io.layerx.state;

import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.state.SideEffect.KillOnNode;
import io.layerx.state.SideEffect.Reconcile;

/**
 * The task lifecycle as a pure function of (state, event). Terminal states never change again; a report that a
 * terminal task still runs (a lost node came back) asks for that copy to be killed.
 *
 * <pre>
 * PENDING --place--> ASSIGNED --Starting--> STARTING --Running--> RUNNING --Exited(0)--> EXITED
 *                        |                      |                     |---Exited(n)/Failed--> FAILED
 *                        +----------------------+---------------------+---Lost--> LOST, Killed--> KILLED
 * </pre>
 * Placement itself (PENDING to ASSIGNED) is the plan applier's, not an event.
 */
public final class TaskStateMachine {

    private TaskStateMachine() {
    }

    public static Transition apply(Task task, TaskEvent event) {
        TaskState s = task.state();
        if (s.terminal()) {
            return afterEnd(task, event);
        }
        String job = task.job();
        return switch (event) {
            case TaskEvent.Starting e -> s == TaskState.ASSIGNED ? Transition.to(TaskState.STARTING) : Transition.stay(s);
            case TaskEvent.Running e -> s == TaskState.PENDING ? Transition.stay(s) : s == TaskState.RUNNING
                    ? Transition.stay(s) : Transition.to(TaskState.RUNNING);
            case TaskEvent.Exited e -> s == TaskState.PENDING ? Transition.stay(s)
                    : Transition.to(e.code() == 0 ? TaskState.EXITED : TaskState.FAILED, new Reconcile(job));
            case TaskEvent.Failed e -> Transition.to(TaskState.FAILED, new Reconcile(job));
            case TaskEvent.Lost e -> s == TaskState.PENDING ? Transition.stay(s)
                    : Transition.to(TaskState.LOST, new Reconcile(job));
            case TaskEvent.Killed e -> Transition.to(TaskState.KILLED, new Reconcile(job));
        };
    }

    private static Transition afterEnd(Task task, TaskEvent event) {
        TaskState s = task.state();
        return switch (event) {
            case TaskEvent.Starting e -> killIfPlaced(task);
            case TaskEvent.Running e -> killIfPlaced(task);
            case TaskEvent.Exited e -> Transition.stay(s);
            case TaskEvent.Failed e -> Transition.stay(s);
            case TaskEvent.Lost e -> Transition.stay(s);
            case TaskEvent.Killed e -> Transition.stay(s);
        };
    }

    private static Transition killIfPlaced(Task task) {
        return task.node() == null ? Transition.stay(task.state())
                : Transition.stay(task.state(), new KillOnNode(task.node()));
    }
}

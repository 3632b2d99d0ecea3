package io.layerx.state;

/** What happened to a task, as providers and controllers report it. */
public sealed interface TaskEvent permits TaskEvent.Starting, TaskEvent.Running, TaskEvent.Exited,
        TaskEvent.Failed, TaskEvent.Lost, TaskEvent.Killed {

    /** The provider began launching it (pulling an image, forking). */
    record Starting() implements TaskEvent {
    }

    /** It runs. */
    record Running() implements TaskEvent {
    }

    /** It ended by itself with this exit code. */
    record Exited(int code) implements TaskEvent {
    }

    /** It could not start or crashed; {@code reason} says why (e.g. "OOM", "no such binary: foo"). */
    record Failed(String reason) implements TaskEvent {
    }

    /** Its node is gone; whether it still runs is unknown. */
    record Lost(String reason) implements TaskEvent {
    }

    /** It was stopped on request. */
    record Killed(String reason) implements TaskEvent {
    }
}

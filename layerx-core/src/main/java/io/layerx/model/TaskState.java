package io.layerx.model;

/** The observed state of a task. Terminal states free the task's reservation. */
public enum TaskState {
    PENDING, ASSIGNED, STARTING, RUNNING, EXITED, FAILED, KILLED, LOST;

    public boolean terminal() {
        return switch (this) {
            case EXITED, FAILED, KILLED, LOST -> true;
            case PENDING, ASSIGNED, STARTING, RUNNING -> false;
        };
    }

    /** True while the task holds resources on a node. */
    public boolean holdsResources() {
        return switch (this) {
            case ASSIGNED, STARTING, RUNNING -> true;
            case PENDING, EXITED, FAILED, KILLED, LOST -> false;
        };
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.layerx.state;

import io.layerx.model.TaskState;
import java.util.List;

/**
 * The outcome of one event: the next state, whether the record changes, and the effects to run after the commit.
 */
public record Transition(TaskState state, boolean changed, List<SideEffect> effects) {
    public Transition {
        effects = List.copyOf(effects);
    }

    static Transition to(TaskState s, SideEffect... effects) {
        return new Transition(s, true, List.of(effects));
    }

    static Transition stay(TaskState s, SideEffect... effects) {
        return new Transition(s, false, List.of(effects));
    }
}

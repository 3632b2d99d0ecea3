package io.layerx.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.state.SideEffect.KillOnNode;
import io.layerx.state.SideEffect.Reconcile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every (state, event) pair, with explicit expectations where the lifecycle moves and a default of "no change,
 * no effect" everywhere else (Aurora's testAllTransitions).
 */
class TaskStateMachineTest {

    private static final List<TaskEvent> EVENTS = List.of(new TaskEvent.Starting(), new TaskEvent.Running(),
            new TaskEvent.Exited(0), new TaskEvent.Exited(3), new TaskEvent.Failed("OOM"), new TaskEvent.Lost("node gone"),
            new TaskEvent.Killed("stopped"));

    private record Expect(TaskState to, List<SideEffect> effects) {
    }

    private static final Map<TaskState, Map<String, Expect>> TABLE = new EnumMap<>(TaskState.class);

    private static void expect(TaskState from, String event, TaskState to, SideEffect... effects) {
        TABLE.computeIfAbsent(from, k -> new HashMap<>()).put(event, new Expect(to, List.of(effects)));
    }

    static {
        Reconcile rc = new Reconcile("web");
        KillOnNode kill = new KillOnNode("n1");
        expect(TaskState.PENDING, "Failed", TaskState.FAILED, rc);
        expect(TaskState.PENDING, "Killed", TaskState.KILLED, rc);
        for (TaskState live : List.of(TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING)) {
            expect(live, "Exited(0)", TaskState.EXITED, rc);
            expect(live, "Exited(3)", TaskState.FAILED, rc);
            expect(live, "Failed", TaskState.FAILED, rc);
            expect(live, "Lost", TaskState.LOST, rc);
            expect(live, "Killed", TaskState.KILLED, rc);
        }
        expect(TaskState.ASSIGNED, "Starting", TaskState.STARTING);
        expect(TaskState.ASSIGNED, "Running", TaskState.RUNNING);
        expect(TaskState.STARTING, "Running", TaskState.RUNNING);
        for (TaskState end : List.of(TaskState.EXITED, TaskState.FAILED, TaskState.KILLED, TaskState.LOST)) {
            expect(end, "Starting", end, kill);
            expect(end, "Running", end, kill);
        }
    }

    private static String name(TaskEvent e) {
        return switch (e) {
            case TaskEvent.Exited x -> "Exited(" + x.code() + ")";
            default -> e.getClass().getSimpleName();
        };
    }

    private static Task task(TaskState s) {
        String node = s == TaskState.PENDING ? null : "n1";
        return new Task("web-1", "web", 1, 0, 0, Resources.of(100, 64), DesiredState.RUN, s, node, node == null ? null : "c",
                Map.of(), "", null, Instant.EPOCH, Instant.EPOCH, null, null, null);
    }

    @Test
    void everyTransition() {
        List<String> checked = new ArrayList<>();
        for (TaskState from : TaskState.values()) {
            for (TaskEvent e : EVENTS) {
                Expect want = TABLE.getOrDefault(from, Map.of()).getOrDefault(name(e), new Expect(from, List.of()));
                Transition got = TaskStateMachine.apply(task(from), e);
                assertThat(got.state()).as("%s + %s", from, name(e)).isEqualTo(want.to());
                assertThat(got.changed()).as("%s + %s changed", from, name(e)).isEqualTo(want.to() != from);
                assertThat(got.effects()).as("%s + %s effects", from, name(e)).isEqualTo(want.effects());
                checked.add(from + "/" + name(e));
            }
        }
        assertThat(checked).hasSize(TaskState.values().length * EVENTS.size());
    }

    @Test
    void terminalStatesNeverChange() {
        for (TaskState from : TaskState.values()) {
            if (!from.terminal()) continue;
            for (TaskEvent e : EVENTS) assertThat(TaskStateMachine.apply(task(from), e).state()).isEqualTo(from);
        }
    }

    @Test
    void onlyLiveStatesHoldResources() {
        for (TaskState s : TaskState.values()) {
            assertThat(s.holdsResources()).as(s.name())
                    .isEqualTo(s == TaskState.ASSIGNED || s == TaskState.STARTING || s == TaskState.RUNNING);
        }
    }
}

package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A task on the wire; {@code gpus} are the indices of the GPU devices it holds on its node. */
public record TaskDto(
        String id,
        String job,
        long jobVersion,
        int slot,
        int attempt,
        TaskState state,
        DesiredState desired,
        String node,
        String cluster,
        Resources resources,
        Map<String, Integer> ports,
        String reason,
        Integer exitCode,
        Instant created,
        Instant updated,
        @JsonInclude(JsonInclude.Include.NON_NULL) String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nominated,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replaces,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> gpus) {

    public static TaskDto of(Task t) {
        return new TaskDto(t.id(), t.job(), t.jobVersion(), t.slot(), t.attempt(), t.state(), t.desired(), t.node(),
                t.cluster(), t.resources(), t.ports(), t.reason(), t.exitCode(), t.created(), t.updated(), t.target(),
                t.nominated(), t.replaces(), t.gpus());
    }
}

package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What each task of a job runs, on the wire ({@code duration} as ISO-8601, e.g. {@code PT30S}). */
public record TaskSpecDto(
        String driver,
        List<String> command,
        String image,
        Map<String, String> env,
        Resources resources,
        List<Port> ports,
        Duration duration,
        @JsonInclude(JsonInclude.Include.NON_NULL) String workdir) {

    /** A requested host port; {@code value} 0 means any free port. */
    public record Port(String label, int value) {
    }

    public static TaskSpecDto of(TaskSpec t) {
        List<Port> ports = t.ports().stream().map((PortRequest p) -> new Port(p.label(), p.value())).toList();
        return new TaskSpecDto(t.driver(), t.command(), t.image(), t.env(), t.resources(), ports, t.duration(),
                t.workdir());
    }
}

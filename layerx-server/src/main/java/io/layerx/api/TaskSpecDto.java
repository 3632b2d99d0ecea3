package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.GpuShares;
import io.layerx.model.HealthCheck;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
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
        Size resources,
        List<Port> ports,
        Duration duration,
        @JsonInclude(JsonInclude.Include.NON_NULL) String workdir,
        @JsonInclude(JsonInclude.Include.NON_NULL) Restart restart,
        @JsonInclude(JsonInclude.Include.NON_NULL) Health health) {

    /** The restart policy as the job file gives it ({@code maxRetries} only for {@code on-failure}). */
    public record Restart(String policy, @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxRetries,
                          Duration backoff, Duration maxBackoff) {
        static Restart of(RestartPolicy r) {
            return r == null ? null : new Restart(r.mode().wire(), r.maxRetries(), r.backoff(), r.maxBackoff());
        }
    }

    /** A health check as the job file gives it. */
    public record Health(String type, @JsonInclude(JsonInclude.Include.NON_NULL) String port,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String path,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> command, Duration interval,
                         Duration timeout, int failures, Duration grace) {
        static Health of(HealthCheck h) {
            return h == null ? null : new Health(h.kind().wire(), h.port(), h.path(), h.command(), h.interval(),
                    h.timeout(), h.failures(), h.grace());
        }
    }

    /**
     * The reservation as the job file gives it: cpu in millicores, memory and disk in MiB, gpu in devices ({@code 0.46}
     * a share of one, {@code 2} whole ones; left out when none), so a job read back is a job file again.
     */
    public record Size(long cpu, long memory, long disk, @JsonInclude(JsonInclude.Include.NON_NULL) Double gpu) {
        static Size of(Resources r) {
            return new Size(r.cpu(), r.memory(), r.disk(), r.gpu() == 0 ? null : r.gpu() / (double) GpuShares.WHOLE);
        }
    }

    /** A requested host port; {@code value} 0 means any free port. */
    public record Port(String label, int value) {
    }

    public static TaskSpecDto of(TaskSpec t) {
        List<Port> ports = t.ports().stream().map((PortRequest p) -> new Port(p.label(), p.value())).toList();
        return new TaskSpecDto(t.driver(), t.command(), t.image(), t.env(), Size.of(t.resources()), ports, t.duration(),
                t.workdir(), Restart.of(t.restart()), Health.of(t.health()));
    }
}

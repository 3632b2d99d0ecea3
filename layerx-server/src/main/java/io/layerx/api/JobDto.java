package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Strategy;
import io.layerx.service.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job on the wire. {@code status}, {@code counts} and {@code problems} are left out where only the stored record
 * is known (in events).
 */
public record JobDto(
        String name,
        JobType type,
        int replicas,
        Strategy strategy,
        int priority,
        Map<String, String> labels,
        List<String> constraints,
        TaskSpecDto task,
        int retries,
        boolean stopped,
        long version,
        Instant submitted,
        @JsonInclude(JsonInclude.Include.NON_NULL) String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Integer> counts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> problems) {

    public static JobDto of(JobView v) {
        return of(v.job(), v.status(), v.counts(), v.problems());
    }

    public static JobDto of(Job j) {
        return of(j, null, null, null);
    }

    private static JobDto of(Job j, String status, Map<String, Integer> counts, List<String> problems) {
        List<String> constraints = j.constraints().stream().map(Constraint::expression).toList();
        return new JobDto(j.name(), j.type(), j.replicas(), j.strategy(), j.priority(), j.labels(), constraints,
                TaskSpecDto.of(j.task()), j.maxRetries(), j.stopped(), j.version(), j.submitted(), status, counts,
                problems);
    }
}

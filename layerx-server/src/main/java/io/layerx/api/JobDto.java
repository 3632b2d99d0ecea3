package io.layerx.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.layerx.model.Affinity;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Strategy;
import io.layerx.model.UpdatePolicy;
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
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxPerNode,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PreferenceDto> preferences,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AffinityDto> affinity,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AffinityDto> antiAffinity,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SpreadDto> spread,
        @JsonInclude(JsonInclude.Include.NON_NULL) String brain,
        UpdatePolicy update,
        @JsonInclude(JsonInclude.Include.NON_NULL) String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Integer> counts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> problems,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> requires) {

    public static JobDto of(JobView v) {
        return of(v.job(), v.status(), v.counts(), v.problems());
    }

    public static JobDto of(Job j) {
        return of(j, null, null, null);
    }

    private static JobDto of(Job j, String status, Map<String, Integer> counts, List<String> problems) {
        List<String> constraints = j.constraints().stream().map(Constraint::expression).toList();
        return new JobDto(j.name(), j.type(), j.replicas(), j.strategy(), j.priority(), j.labels(), constraints,
                TaskSpecDto.of(j.task()), j.maxRetries(), j.stopped(), j.version(), j.submitted(),
                j.placement().maxPerNode(),
                j.placement().preferences().stream().map(p -> new PreferenceDto(p.constraint().expression(), p.weight())).toList(),
                affinities(j.placement().affinities(), false), affinities(j.placement().affinities(), true),
                j.placement().spreads().stream().map(s -> new SpreadDto(s.topology(), s.maxSkew(), !s.required(),
                        s.required() ? null : s.weight())).toList(),
                j.brain(), j.update(), status, counts, problems,
                j.requires().stream().map(io.layerx.model.Requirement::expression).toList());
    }

    private static List<AffinityDto> affinities(List<Affinity> all, boolean anti) {
        return all.stream().filter(a -> a.anti() == anti).map(a -> new AffinityDto(a.selector().job(),
                a.selector().labels().isEmpty() ? null : a.selector().labels(), a.topology(), !a.required(),
                a.required() ? null : a.weight())).toList();
    }

    /** A soft constraint on the wire. */
    public record PreferenceDto(String constraint, int weight) {
    }

    /** An affinity or anti-affinity rule on the wire. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AffinityDto(String job, Map<String, String> labels, String topology, boolean preferred, Integer weight) {
    }

    /** A spread rule on the wire. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpreadDto(String topology, int maxSkew, boolean preferred, Integer weight) {
    }
}

package io.layerx.api;

import io.layerx.service.SubmitResult;
import java.util.List;

/**
 * The answer to {@code POST /v1/jobs/batch}: what became of each job, in the order sent, and the counts.
 *
 * @param jobs each job's name, stored version and outcome ({@code created}, {@code updated} or {@code unchanged})
 */
public record JobBatchDto(List<Outcome> jobs, int created, int updated, int unchanged) {

    public record Outcome(String name, long version, String outcome) {
    }

    public static JobBatchDto of(List<SubmitResult> results) {
        List<Outcome> jobs = results.stream().map(r -> new Outcome(r.job().name(), r.job().version(),
                r.created() ? "created" : r.changed() ? "updated" : "unchanged")).toList();
        int created = (int) results.stream().filter(SubmitResult::created).count();
        int updated = (int) results.stream().filter(r -> r.changed() && !r.created()).count();
        return new JobBatchDto(jobs, created, updated, results.size() - created - updated);
    }
}

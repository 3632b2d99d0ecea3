package io.layerx.usage;

import io.layerx.model.Resources;
import java.time.Instant;

/**
 * A right-sizing recommendation for a job, as the Kubernetes VPA recommender gives one: a target to reserve and the
 * bounds a reservation is fine within, from the samples it saw.
 *
 * @param current the job's reservation now
 * @param cpu     millicores
 * @param memory  MiB
 * @param samples how many task reports it saw, from {@code from} to {@code to}
 */
public record Recommendation(String job, Resources current, Bounds cpu, Bounds memory, int samples, int tasks,
                             Instant from, Instant to) {

    /**
     * @param peak the most seen in one report
     */
    public record Bounds(long lower, long target, long upper, long peak) {
    }

    /** The reservation the target gives (disk as now). */
    public Resources target() {
        return new Resources(cpu.target(), memory.target(), current.disk());
    }
}

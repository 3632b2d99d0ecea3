package io.layerx.bench;

import io.layerx.model.Job;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Submits a set of jobs through the control plane and times them until their last placement is committed. The
 * clock includes the submits and the job controller creating the tasks (durable writes too).
 *
 * @param counted   placements seen committed by the view
 * @param stored    placed tasks of these jobs the store holds at the end (must equal {@code counted}), and
 *                  the nodes they are on
 * @param complete  every task was placed before the run stalled or hit its limit
 * @param submitTimeouts submits so far that timed out waiting for the view (see {@link Rig#submit})
 * @param markSeconds    when the run was asked to mark a count: the seconds until it was reached, else 0
 */
record Wave(long counted, Rig.Stored stored, double seconds, boolean complete, long submitTimeouts,
            double markSeconds) {

    /** Gives up when no placement came for this long: the rest cannot be placed. */
    static final Duration STALL = Duration.ofSeconds(20);

    static Wave run(Rig rig, Jobs jobs, Duration limit) throws InterruptedException {
        return run(rig, jobs, jobs::job, limit);
    }

    static Wave run(Rig rig, Jobs jobs, IntFunction<Job> job, Duration limit) throws InterruptedException {
        return run(rig, jobs, job, limit, -1);
    }

    /** As {@link #run(Rig, Jobs, Duration)}; also times the first {@code mark} placements ({@link #markSeconds}). */
    static Wave run(Rig rig, Jobs jobs, IntFunction<Job> job, Duration limit, long mark) throws InterruptedException {
        rig.countOnly(jobs::owns);
        rig.markAt(mark);
        long start = System.nanoTime();
        for (int i = 0; i < jobs.count(); i++) rig.submit(job.apply(i));
        boolean done = rig.awaitPlaced(jobs.tasks(), STALL, limit);
        double seconds = (rig.lastPlacedAt(start) - start) / 1e9;
        long counted = rig.placed();
        double markSeconds = rig.markedAt() > 0 ? (rig.markedAt() - start) / 1e9 : 0;
        return new Wave(counted, rig.committed(jobs::owns), seconds, done, rig.submitTimeouts(), markSeconds);
    }

    /** The common figures of a wave; {@code placements} is what the store holds. */
    Figures figures(String scenario, Jobs jobs) {
        return Figures.of(scenario, stored.tasks(), seconds)
                .put("tasks", jobs.tasks())
                .put("jobs", jobs.count())
                .put("counted", counted)
                .put("nodes_used", stored.nodes())
                .put("submit_timeouts", submitTimeouts)
                .put("complete", complete && stored.tasks() == jobs.tasks());
    }
}

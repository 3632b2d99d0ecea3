package io.layerx.usage;

import io.layerx.model.Job;
import io.layerx.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a job labelled {@code rightsize: auto} is resized, and to what. Hysteresis: only when its reservation lies
 * outside the recommended band (below the lower or above the upper bound) in cpu or memory, with at least
 * {@link #MIN_SAMPLES} samples, and not within {@link #COOLDOWN} of its last automatic resize; it then goes to the
 * target, whose memory is never below the observed peak. Pure.
 */
public final class AutoRightsize {
    public static final String LABEL = "rightsize";
    public static final String AUTO = "auto";
    public static final Duration COOLDOWN = Duration.ofMinutes(10);
    public static final int MIN_SAMPLES = 30;

    private AutoRightsize() {
    }

    public static boolean wanted(Job job) {
        return AUTO.equals(job.labels().get(LABEL));
    }

    /** The size to resize to now, or empty to leave the job as it is. */
    public static Optional<Resources> decide(Recommendation r, Instant lastResize, Instant now) {
        if (r.samples() < MIN_SAMPLES) return Optional.empty();
        if (lastResize != null && now.isBefore(lastResize.plus(COOLDOWN))) return Optional.empty();
        Resources current = r.current();
        boolean cpuOut = current.cpu() < r.cpu().lower() || current.cpu() > r.cpu().upper();
        boolean memoryOut = current.memory() < r.memory().lower() || current.memory() > r.memory().upper();
        if (!cpuOut && !memoryOut) return Optional.empty();
        long memory = Math.max(r.memory().target(), r.memory().peak());
        return Optional.of(new Resources(r.cpu().target(), memory, current.disk()));
    }
}

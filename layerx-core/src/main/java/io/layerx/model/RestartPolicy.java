package io.layerx.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When an ended task of a job is replaced (per slot). {@code always}: whatever its end (service jobs);
 * {@code on-failure}: only after a failure, at most {@code maxRetries} times per slot, else the slot is done;
 * {@code never}: not at all. A task lost with its node is placed again under every policy (batch jobs count it as a
 * failure). The first restart of a slot is at once; each later one waits {@code backoff}, doubled per restart up to
 * {@code maxBackoff}. Ends older than {@link #RESET} do not count (a task that ran that long starts the count over, as
 * Kubernetes does).
 *
 * @param maxRetries {@code on-failure}: failures per slot before the slot (and a batch job) fails; {@code null} for
 *                   the job's {@code retries}
 */
public record RestartPolicy(Mode mode, Integer maxRetries, Duration backoff, Duration maxBackoff) {

    /** What a job without a restart block does: service and system jobs always, batch jobs on failure, at once. */
    public static RestartPolicy defaultFor(JobType type) {
        return new RestartPolicy(type == JobType.BATCH ? Mode.ON_FAILURE : Mode.ALWAYS, null, Duration.ZERO, Duration.ZERO);
    }

    /** Ends of a slot older than this do not count towards its backoff. */
    public static final Duration RESET = Duration.ofMinutes(10);

    public enum Mode {
        ALWAYS, ON_FAILURE, NEVER;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public RestartPolicy {
        Objects.requireNonNull(mode, "mode");
        backoff = backoff == null ? Duration.ZERO : backoff;
        maxBackoff = maxBackoff == null ? backoff : maxBackoff;
    }

    /** The failures a slot of {@code job} may have before it fails. */
    public int retries(Job job) {
        return switch (mode) {
            case ALWAYS -> Integer.MAX_VALUE;
            case ON_FAILURE -> maxRetries != null ? maxRetries : job.maxRetries();
            case NEVER -> 0;
        };
    }

    /** How many ends of a slot reach {@code maxBackoff} (0 without backoff): the history a slot must keep. */
    public int endsToMaxBackoff() {
        if (backoff.isZero()) return 0;
        int n = 2;
        for (Duration d = backoff; d.compareTo(maxBackoff) < 0 && n < 64; d = d.multipliedBy(2)) n++;
        return n;
    }

    /** How long to wait before the next task of a slot whose tasks ended {@code ended} times: 0, b, 2b, 4b, ... */
    public Duration delay(int ended) {
        if (ended <= 1 || backoff.isZero()) return Duration.ZERO;
        Duration d = backoff;
        for (int i = 2; i < ended && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}

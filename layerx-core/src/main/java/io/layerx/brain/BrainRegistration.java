package io.layerx.brain;

import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.JobValidator;
import io.layerx.model.LayerXException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An external brain's claim: its name, the work it serves besides jobs that name it, and how long it may stay
 * silent before its work falls back to the built-in brains.
 *
 * @param types  job types it serves when a job names no brain (empty: only jobs that name it)
 * @param labels job labels it serves when a job names no brain (every pair must match; empty: any)
 * @param ttl    how long after a heartbeat it still counts as alive
 */
public record BrainRegistration(String name, Set<JobType> types, Map<String, String> labels, Duration ttl) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_TTL = Duration.ofMinutes(10);

    public BrainRegistration {
        types = types == null ? Set.of() : Set.copyOf(types);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        List<String> problems = new ArrayList<>();
        if (name == null || !JobValidator.NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-63 lower-case letters, digits or '-'");
        } else if (name.startsWith("builtin")) {
            problems.add("name '" + name + "' is reserved for the built-in brains");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            problems.add("ttl must be between " + MIN_TTL.toSeconds() + "s and " + MAX_TTL.toSeconds() + "s, got "
                    + ttl.toMillis() + "ms");
        }
        if (!problems.isEmpty()) throw new LayerXException.Invalid("bad brain registration", problems);
    }

    /** True when this brain claims a job that names no brain. */
    boolean claims(Job job) {
        if (types.isEmpty() && labels.isEmpty()) return false;
        if (!types.isEmpty() && !types.contains(job.type())) return false;
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(job.labels().get(e.getKey())));
    }
}

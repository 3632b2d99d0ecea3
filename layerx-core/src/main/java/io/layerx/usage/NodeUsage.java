package io.layerx.usage;

import io.layerx.model.Resources;
import java.time.Instant;
import java.util.List;

/**
 * A node's capacity, what its running tasks reserve and what they use together, at its last report.
 *
 * @param tasks the tasks measured in that report
 */
public record NodeUsage(String node, Resources capacity, Resources reserved, Usage used, Instant at,
                        List<TaskUsage> tasks) {
    public NodeUsage {
        capacity = capacity == null ? Resources.ZERO : capacity;
        reserved = reserved == null ? Resources.ZERO : reserved;
        used = used == null ? Usage.NONE : used;
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}

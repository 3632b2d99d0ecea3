package io.layerx.usage;

import io.layerx.model.Resources;
import java.time.Instant;
import java.util.Objects;

/** A task's reservation and what it used at {@code at}, as its node reported it. */
public record TaskUsage(String task, String job, String node, Resources reserved, Usage used, Instant at) {
    public TaskUsage {
        Objects.requireNonNull(task, "task");
        reserved = reserved == null ? Resources.ZERO : reserved;
        used = used == null ? Usage.NONE : used;
    }
}

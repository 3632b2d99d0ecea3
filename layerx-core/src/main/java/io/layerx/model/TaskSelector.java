package io.layerx.model;

import java.util.Map;

/**
 * Picks tasks by their job: by job name, or by labels every one of which the job carries (tasks carry their job's
 * labels). Exactly one of the two is set.
 */
public record TaskSelector(String job, Map<String, String> labels) {
    public TaskSelector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static TaskSelector job(String name) {
        return new TaskSelector(name, Map.of());
    }

    public static TaskSelector labels(Map<String, String> labels) {
        return new TaskSelector(null, labels);
    }

    public boolean matches(Job j) {
        if (job != null) return job.equals(j.name());
        return !labels.isEmpty() && j.labels().entrySet().containsAll(labels.entrySet());
    }

    public String describe() {
        return job != null ? "job " + job : "labels " + labels;
    }
}

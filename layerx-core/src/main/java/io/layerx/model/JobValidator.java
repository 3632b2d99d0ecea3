package io.layerx.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Every problem with a job spec at once (the Helios JobValidator shape). */
public final class JobValidator {

    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_REPLICAS = 1_000_000;

    private JobValidator() {
    }

    public static List<String> problems(Job job) {
        List<String> out = new ArrayList<>();
        if (!NAME.matcher(job.name()).matches()) {
            out.add("name '" + job.name() + "' must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        if (job.replicas() < 0 || job.replicas() > MAX_REPLICAS) {
            out.add("replicas must be between 0 and " + MAX_REPLICAS + ", got " + job.replicas());
        }
        if (job.priority() < 0 || job.priority() > 100) out.add("priority must be between 0 and 100, got " + job.priority());
        if (job.maxRetries() < 0) out.add("retries must be >= 0, got " + job.maxRetries());
        task(job.task(), out);
        return out;
    }

    private static void task(TaskSpec t, List<String> out) {
        switch (t.driver()) {
            case "exec" -> {
                if (t.command().isEmpty()) out.add("task.command is required for the exec driver");
            }
            case "docker" -> {
                if (t.image() == null || t.image().isBlank()) out.add("task.image is required for the docker driver");
            }
            default -> out.add("task.driver '" + t.driver() + "' is not one of exec, docker");
        }
        Resources r = t.resources();
        if (r.cpu() < 0) out.add("task.resources.cpu must be >= 0, got " + r.cpu());
        if (r.memory() < 0) out.add("task.resources.memory must be >= 0, got " + r.memory());
        if (r.disk() < 0) out.add("task.resources.disk must be >= 0, got " + r.disk());
        Set<String> labels = new HashSet<>();
        for (PortRequest p : t.ports()) {
            if (!labels.add(p.label())) out.add("task.ports label '" + p.label() + "' is used twice");
            if (p.value() < 0 || p.value() > 65535) out.add("task.ports '" + p.label() + "' must be 0..65535, got " + p.value());
        }
        if (t.duration() != null && t.duration().isNegative()) out.add("task.duration must not be negative");
    }
}

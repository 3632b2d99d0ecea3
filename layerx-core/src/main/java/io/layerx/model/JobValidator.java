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
        if (job.brain() != null && !NAME.matcher(job.brain()).matches()) {
            out.add("brain '" + job.brain() + "' must be a brain name: 1-63 lower-case letters, digits or '-'");
        }
        task(job.task(), out);
        restart(job, out);
        health(job.task(), out);
        placement(job.placement(), out);
        return out;
    }

    private static void placement(Placement p, List<String> out) {
        if (p.maxPerNode() < 0) out.add("maxPerNode must be >= 0, got " + p.maxPerNode());
        for (int i = 0; i < p.preferences().size(); i++) {
            Preference pref = p.preferences().get(i);
            if (pref.constraint() == null) out.add("preferences[" + i + "] needs a constraint");
            weight("preferences[" + i + "]", pref.weight(), out);
        }
        for (int i = 0; i < p.affinities().size(); i++) {
            Affinity a = p.affinities().get(i);
            String at = (a.anti() ? "antiAffinity" : "affinity") + "[" + i + "]";
            TaskSelector sel = a.selector();
            if (sel == null || (sel.job() == null) == sel.labels().isEmpty()) out.add(at + " needs exactly one of job or labels");
            if (!Topology.valid(a.topology())) out.add(at + ".topology '" + a.topology() + "' " + TOPOLOGIES);
            if (!a.required()) weight(at, a.weight(), out);
        }
        for (int i = 0; i < p.spreads().size(); i++) {
            Spread sp = p.spreads().get(i);
            if (!Topology.valid(sp.topology())) out.add("spread[" + i + "].topology '" + sp.topology() + "' " + TOPOLOGIES);
            if (sp.maxSkew() < 1) out.add("spread[" + i + "].maxSkew must be >= 1, got " + sp.maxSkew());
            if (!sp.required()) weight("spread[" + i + "]", sp.weight(), out);
        }
    }

    private static final String TOPOLOGIES = "is not one of node, cluster, zone, region, node.labels.KEY, cluster.labels.KEY";

    private static void weight(String at, int w, List<String> out) {
        if (w < 1 || w > 100) out.add(at + ".weight must be between 1 and 100, got " + w);
    }

    private static void restart(Job job, List<String> out) {
        RestartPolicy r = job.task().restart();
        if (r == null) return;
        if (job.type() == JobType.SYSTEM) out.add("task.restart is not for system jobs: they keep one task on every node");
        if (r.mode() == RestartPolicy.Mode.ALWAYS && job.type() == JobType.BATCH) {
            out.add("task.restart.policy always is for service jobs: a batch job runs to completion (use on-failure or never)");
        }
        if (r.maxRetries() != null && r.maxRetries() < 0) out.add("task.restart.maxRetries must be >= 0, got " + r.maxRetries());
        if (r.backoff().isNegative()) out.add("task.restart.backoff must not be negative");
        if (r.maxBackoff().compareTo(r.backoff()) < 0) out.add("task.restart.maxBackoff must be >= task.restart.backoff");
    }

    private static void health(TaskSpec t, List<String> out) {
        HealthCheck h = t.health();
        if (h == null) return;
        boolean network = h.kind() == HealthCheck.Kind.HTTP || h.kind() == HealthCheck.Kind.TCP;
        if (network && t.ports().stream().noneMatch(p -> p.label().equals(h.port()))) {
            out.add("task.health.port '" + h.port() + "' must be the label of one of task.ports");
        }
        if (h.kind() == HealthCheck.Kind.COMMAND && h.command().isEmpty()) out.add("task.health.command is required for a command check");
        if (!h.interval().isPositive()) out.add("task.health.interval must be longer than 0");
        if (!h.timeout().isPositive()) out.add("task.health.timeout must be longer than 0");
        if (h.grace().isNegative()) out.add("task.health.grace must not be negative");
    }

    /** What is wrong with a gpu demand of {@code milli} thousandths of a device, if anything. */
    public static java.util.Optional<String> gpuProblem(String path, long milli) {
        if (milli < 0) return java.util.Optional.of(path + " must be >= 0, got " + gpuText(milli));
        if (GpuShares.valid(milli)) return java.util.Optional.empty();
        return java.util.Optional.of(path + " " + gpuText(milli) + " is more than one device but not whole devices:"
                + " ask for a share of one device (below 1, e.g. 0.5) or a whole number of devices (e.g. 2)");
    }

    /** A gpu figure in devices, as a user writes it: 1500 is {@code 1.5}. */
    public static String gpuText(long milli) {
        return java.math.BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
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
        gpuProblem("task.resources.gpu", r.gpu()).ifPresent(out::add);
        Set<String> labels = new HashSet<>();
        for (PortRequest p : t.ports()) {
            if (!labels.add(p.label())) out.add("task.ports label '" + p.label() + "' is used twice");
            if (p.value() < 0 || p.value() > 65535) out.add("task.ports '" + p.label() + "' must be 0..65535, got " + p.value());
        }
        if (t.duration() != null && t.duration().isNegative()) out.add("task.duration must not be negative");
    }
}

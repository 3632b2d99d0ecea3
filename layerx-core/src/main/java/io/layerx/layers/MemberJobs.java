package io.layerx.layers;

import io.layerx.model.Constraint;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.JobValidator;
import io.layerx.model.Placement;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an image set's members run: each (member, node) is a one-replica service job pinned to the node, labelled with
 * the set, its version, the member and the node. The job machinery then does the rest: placement on top of the node's
 * other reservations, the agent's drivers, health checks, and restarts with back-off when a member ends. Pure.
 */
public final class MemberJobs {

    public static final String LAYER = "layerx.layer";
    public static final String SET = "layerx.imageset";
    public static final String VERSION = "layerx.imageset.version";
    public static final String MEMBER = "layerx.imageset.member";
    public static final String NODE = "layerx.imageset.node";
    /** Layer-1 members come before layer-2 work. */
    static final int PRIORITY = 100;

    private MemberJobs() {
    }

    /** The job name of a member on a node: {@code SET-MEMBER-NODE}, or a digest of the node when that is no name. */
    public static String jobName(String set, String member, String node) {
        String plain = set + "-" + member + "-" + node;
        if (plain.length() <= 63 && JobValidator.NAME.matcher(plain).matches()) return plain;
        String digest = HexFormat.of().formatHex(sha(node)).substring(0, 10);
        return set + "-" + member + "-" + digest;
    }

    private static byte[] sha(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job that runs {@code m} of {@code set} (at its version) on {@code node}. */
    public static Job job(ImageSet set, Member m, String node) {
        RestartPolicy restart = new RestartPolicy(RestartPolicy.Mode.ALWAYS, null, m.backoff(), m.backoff().multipliedBy(8));
        TaskSpec task = new TaskSpec(m.driver(), m.command(), m.image(), m.env(), m.resources(), List.of(), null, null,
                restart, m.health());
        Map<String, String> labels = Map.of(LAYER, "1", SET, set.name(), VERSION, Long.toString(set.version()),
                MEMBER, m.name(), NODE, node);
        return new Job(jobName(set.name(), m.name(), node), JobType.SERVICE, 1, Strategy.SPREAD, PRIORITY, labels,
                List.of(new Constraint("node.name", Constraint.Operator.EQ, List.of(node))), task, 0, false, 0, null,
                Placement.NONE);
    }

    /** True when the stored job already runs {@code wanted} (same member spec, same set version, not stopped). */
    static boolean current(Job stored, Job wanted) {
        return !stored.stopped() && stored.labels().equals(wanted.labels()) && stored.task().equals(wanted.task())
                && stored.priority() == wanted.priority() && stored.constraints().equals(wanted.constraints());
    }

    /** Every member job of the set that the view holds (any node, any version). */
    static List<Job> of(View v, String set) {
        return v.jobs().stream().map(Versioned::value).filter(j -> set.equals(j.labels().get(SET))).toList();
    }

    /** A member's state on its node, and why. */
    record Observed(LayerState state, String reason) {
    }

    /** Where the members of {@code set} (at {@code set.version()}) stand on {@code node}: the worst member's state. */
    static Observed observe(View v, ImageSet set, String node) {
        Observed worst = null;
        for (Member m : set.members()) {
            Observed o = member(v, set, m, node);
            if (worst == null || o.state().worse(worst.state()) == o.state() && o.state() != worst.state()) worst = o;
        }
        return worst == null ? new Observed(LayerState.ABSENT, "no members") : worst;
    }

    private static Observed member(View v, ImageSet set, Member m, String node) {
        Optional<Job> job = v.job(jobName(set.name(), m.name(), node)).map(Versioned::value);
        if (job.isEmpty() || job.get().stopped()
                || !Long.toString(set.version()).equals(job.get().labels().get(VERSION))) {
            return new Observed(LayerState.ABSENT, m.name() + ": not applied yet");
        }
        List<Task> tasks = v.tasksOfJob(job.get().name()).stream().map(Versioned::value)
                .filter(t -> t.jobVersion() == job.get().version()).toList();
        if (tasks.stream().anyMatch(t -> t.state() == TaskState.RUNNING && t.desired() == DesiredState.RUN)) {
            return new Observed(LayerState.READY, "");
        }
        Optional<Task> newest = tasks.stream().max(Comparator.comparingInt(Task::attempt)
                .thenComparing(Task::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (newest.isEmpty()) return new Observed(LayerState.PULLING, m.name() + ": waiting for its task");
        Task t = newest.get();
        return switch (t.state()) {
            case PENDING, ASSIGNED -> new Observed(LayerState.PULLING, m.name() + ": " + t.state().wire()
                    + (t.attempt() > 0 ? " (restart " + t.attempt() + ")" : ""));
            case STARTING -> new Observed(LayerState.STARTING, m.name() + ": starting");
            case RUNNING -> new Observed(LayerState.STARTING, m.name() + ": stopping");
            case EXITED, FAILED, KILLED, LOST -> new Observed(LayerState.FAILED, m.name() + ": " + t.state().wire()
                    + (t.reason().isEmpty() ? "" : ": " + t.reason()));
        };
    }
}

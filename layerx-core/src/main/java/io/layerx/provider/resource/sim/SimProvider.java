package io.layerx.provider.resource.sim;

import io.layerx.clock.Timer;
import io.layerx.model.Cluster;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import io.layerx.state.TaskEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated clusters: N nodes of one shape that run nothing but report as if they did. They take every driver
 * (labels {@code driver.exec=true} and {@code driver.docker=true}; {@code nodeLabels} may override them). An
 * assigned task reports running after the cluster's start delay; a task whose job gives a {@code duration} exits 0
 * after it; a stop is reported at once. A cluster with a {@code usageRatio} also reports simulated live use
 * ({@link SimUsage}). The harness for scale tests: a node is one small record, so 100,000 fit easily.
 */
public final class SimProvider implements ResourceProvider {

    public static final String KIND = "sim";

    private final Map<String, Duration> startDelays = new ConcurrentHashMap<>();
    private final Map<String, Timer.Cancellable> timers = new ConcurrentHashMap<>();
    private volatile ProviderContext ctx;
    private volatile SimUsage usage;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        SimSettings.read(cluster, problems);
        return problems;
    }

    @Override
    public List<Node> nodesOf(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        SimSettings s = SimSettings.read(cluster, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        int width = Math.max(2, String.valueOf(s.nodes()).length());
        List<Node> nodes = new ArrayList<>(s.nodes());
        for (int i = 1; i <= s.nodes(); i++) {
            Map<String, String> labels = new LinkedHashMap<>(cluster.labels());
            labels.put(Node.driverLabel("exec"), "true");
            labels.put(Node.driverLabel("docker"), "true");
            labels.putAll(s.nodeLabels());
            if (s.zones() > 0) labels.put("zone", "z" + ((i - 1) % s.zones() + 1));
            String name = cluster.name() + "-" + String.format("%0" + width + "d", i);
            nodes.add(new Node(name, cluster.name(), KIND, new Resources(s.cpu(), s.memory(), s.disk()), labels,
                    null, "sim://" + name, 0, 0, cluster.created(), s.devices()));
        }
        return nodes;
    }

    @Override
    public void start(ProviderContext context) {
        this.ctx = context;
        context.view().addListener(this::onChange);
        resync();
        this.usage = new SimUsage(context);
        usage.start();
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.ClusterChanged c -> {
                if (c.after() != null && KIND.equals(c.after().kind())) {
                    startDelays.put(c.after().name(), SimSettings.read(c.after(), new ArrayList<>()).startDelay());
                }
            }
            case Change.TaskChanged t -> {
                if (t.after() != null) onTask(t.before(), t.after());
            }
            case Change.Resynced r -> resync();
            case Change.NodeChanged n -> { }
            case Change.JobChanged j -> { }
        }
    }

    private void resync() {
        ProviderContext c = ctx;
        if (c == null) return;
        List<Task> mine = c.view().read(v -> {
            v.clusters().stream().map(Versioned::value).filter(cl -> KIND.equals(cl.kind()))
                    .forEach(cl -> startDelays.put(cl.name(), SimSettings.read(cl, new ArrayList<>()).startDelay()));
            return v.tasks().stream().map(Versioned::value)
                    .filter(t -> t.cluster() != null && startDelays.containsKey(t.cluster())).toList();
        });
        mine.forEach(t -> onTask(null, t));
    }

    private void onTask(Task before, Task after) {
        if (after.cluster() == null || !startDelays.containsKey(after.cluster()) || after.state().terminal()) return;
        if (after.desired() == DesiredState.STOP) {
            if (before == null || before.desired() != DesiredState.STOP) {
                cancel(after.id());
                ctx.status().report(after.id(), new TaskEvent.Killed(after.reason().isEmpty() ? "stopped" : after.reason()));
            }
            return;
        }
        boolean assignedNow = after.state() == TaskState.ASSIGNED || after.state() == TaskState.STARTING;
        if (assignedNow && (before == null || before.state() == TaskState.PENDING)) {
            later(after.id(), startDelays.get(after.cluster()), new TaskEvent.Running());
        } else if (after.state() == TaskState.RUNNING && (before == null || before.state() != TaskState.RUNNING)) {
            Duration d = ctx.view().read(v -> v.job(after.job()).map(Versioned::value).map(Job::task)
                    .map(spec -> spec.duration()).orElse(null));
            if (d != null) later(after.id(), d, new TaskEvent.Exited(0));
        }
    }

    private void later(String taskId, Duration delay, TaskEvent event) {
        timers.put(taskId, ctx.timer().schedule(delay, () -> {
            timers.remove(taskId);
            ctx.status().report(taskId, event);
        }));
    }

    private void cancel(String taskId) {
        Timer.Cancellable c = timers.remove(taskId);
        if (c != null) c.cancel();
    }

    /** A simulated node runs nothing; forgetting the copy's pending reports is all a kill takes. */
    @Override
    public void kill(String node, Task task) {
        cancel(task.id());
    }

    @Override
    public void close() {
        if (usage != null) usage.close();
        timers.values().forEach(Timer.Cancellable::cancel);
        timers.clear();
    }
}

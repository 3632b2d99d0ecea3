package io.layerx.provider.resource.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.snapshot.Versioned;
import io.layerx.state.TaskEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container loop, level-triggered per (node, task), as a kubelet reconciles pods: compares what the core wants
 * of the task with the container the engine has, acts (create and start, stop, remove) and reports what it sees
 * (starting, running, exited, failed, killed). Idempotent: the container is named by the task id, so a task is
 * launched once however often it is reconciled. A running container whose limits differ from the task's reservation
 * (a resize in place) is updated through the engine; a size the engine refuses keeps the old limits, is logged once
 * and tried again after {@link #RESIZE_RETRY}.
 */
final class ContainerSync {

    private static final Logger log = LoggerFactory.getLogger(ContainerSync.class);
    static final Duration RESIZE_RETRY = Duration.ofSeconds(30);

    private final ProviderContext ctx;
    private final Map<String, EngineNode> nodes;
    private final Set<String> outOfMemory;
    /** The last size each task's container was updated to, or refused: podman's update does not show in inspect. */
    private final Map<String, Resize> resized = new ConcurrentHashMap<>();

    private record Resize(Resources size, boolean applied, Instant at) {
    }

    /** @param outOfMemory ids of tasks whose container had an {@code oom} event */
    ContainerSync(ProviderContext ctx, Map<String, EngineNode> nodes, Set<String> outOfMemory) {
        this.ctx = ctx;
        this.nodes = nodes;
        this.outOfMemory = outOfMemory;
    }

    boolean reconcile(DockerProvider.TaskKey key) {
        EngineNode n = nodes.get(key.node());
        if (n == null || !n.reachable()) return false; // the node's resync hands the key back once the engine answers
        try {
            reconcile(key, n);
        } catch (RuntimeException e) {
            if (n.closed()) return false; // the provider is closing, and its calls were cut
            if (EngineErrors.answered(e)) throw e;
            // the engine did not answer: the node's probe counts it, and its resync hands the key back
            log.info("task {}: engine {} did not answer: {}", key.taskId(), n.endpoint().address(), EngineErrors.message(e));
        }
        return false;
    }

    private void reconcile(DockerProvider.TaskKey key, EngineNode n) {
        Optional<Task> task = ctx.view().read(v -> v.task(key.taskId()).map(Versioned::value));
        Optional<Engine.ContainerStatus> container = n.engine().inspect(key.taskId());
        if (task.isEmpty() || !key.node().equals(task.get().node())) {
            resized.remove(key.taskId());
            container.ifPresent(c -> n.engine().remove(c.id()));
            return;
        }
        Task t = task.get();
        if (t.state().terminal()) {
            resized.remove(t.id());
            container.filter(Engine.ContainerStatus::running).ifPresent(c -> n.engine().stop(c.id(), n.settings().stopTimeout()));
        } else if (t.desired() == DesiredState.STOP) {
            container.filter(Engine.ContainerStatus::running).ifPresent(c -> n.engine().stop(c.id(), n.settings().stopTimeout()));
            report(t, new TaskEvent.Killed(t.reason().isEmpty() ? "stopped" : t.reason()));
        } else if (container.isEmpty()) {
            if (t.state() == TaskState.RUNNING) {
                report(t, new TaskEvent.Failed("container removed from engine " + n.endpoint().address() + " outside LayerX"));
            } else {
                launch(n, t);
            }
        } else {
            observe(n, t, container.get());
        }
    }

    private void launch(EngineNode n, Task t) {
        Optional<Job> job = ctx.view().read(v -> v.job(t.job()).map(Versioned::value));
        if (job.isEmpty()) return; // the job is gone: the job controller stops the task
        report(t, new TaskEvent.Starting());
        String id;
        ContainerPlan plan = ContainerPlan.of(t, job.get(), n.settings().network());
        try {
            id = n.engine().create(plan);
            n.engine().start(id);
        } catch (DockerException e) {
            // the engine's own words need not name the image (a failed registry lookup does not)
            String why = "engine " + n.endpoint().address() + " refused the container of image " + plan.image() + ": "
                    + EngineErrors.message(e);
            log.info("task {}: {}", t.id(), why);
            n.engine().inspect(t.id()).ifPresent(c -> n.engine().remove(c.id()));
            report(t, new TaskEvent.Failed(why));
            return;
        }
        n.engine().inspect(id).ifPresent(c -> observe(n, t, c));
    }

    private void observe(EngineNode n, Task t, Engine.ContainerStatus c) {
        if (c.running()) {
            resize(n, t, c);
            report(t, new TaskEvent.Running());
            return;
        }
        switch (c.state() == null ? "" : c.state()) {
            case "created", "configured", "initialized" -> {
                n.engine().start(c.id());
                n.engine().inspect(c.id()).filter(Engine.ContainerStatus::running).ifPresent(x -> report(t, new TaskEvent.Running()));
            }
            case "exited", "dead", "stopped" -> report(t, ended(c, outOfMemory.remove(t.id())));
            default -> { } // paused, restarting, removing: look again on the next event or resync
        }
    }

    /** Updates the running container's limits when the task's reservation changed (a resize in place). */
    private void resize(EngineNode n, Task t, Engine.ContainerStatus c) {
        Resources wanted = Resources.of(t.resources().cpu(), t.resources().memory());
        if (wanted.equals(c.reserved())) {
            resized.remove(t.id());
            return;
        }
        Resize last = resized.get(t.id());
        if (last != null && last.size().equals(wanted)
                && (last.applied() || ctx.clock().instant().isBefore(last.at().plus(RESIZE_RETRY)))) return;
        String engine = n.endpoint().address().toString();
        Optional<String> refused = unliftable(c.reserved(), wanted);
        if (refused.isEmpty()) {
            try {
                Engine.Update how = n.engine().update(c.id(), wanted);
                log.info("task {}: container resized in place on engine {} to {}m cpu, {} MiB{}", t.id(), engine,
                        wanted.cpu(), wanted.memory(), how == Engine.Update.LIBPOD ? " (through podman's libpod API)" : "");
                resized.put(t.id(), new Resize(wanted, true, ctx.clock().instant()));
                return;
            } catch (DockerException e) {
                refused = Optional.of(EngineErrors.message(e));
            }
        }
        String line = "task {}: engine {} did not resize the container to {}m cpu, {} MiB, its old limits stay: {}; "
                + "trying again in {} s";
        Object[] args = {t.id(), engine, wanted.cpu(), wanted.memory(), refused.get(), RESIZE_RETRY.toSeconds()};
        if (last == null || !last.size().equals(wanted)) log.warn(line, args); else log.debug(line, args);
        resized.put(t.id(), new Resize(wanted, false, ctx.clock().instant()));
    }

    /** Why an engine cannot apply {@code wanted} in place: it cannot lift a limit (0 means "unchanged" to it). */
    static Optional<String> unliftable(Resources reserved, Resources wanted) {
        List<String> lifted = new ArrayList<>();
        if (wanted.memory() == 0 && reserved.memory() > 0) lifted.add("memory");
        if (wanted.cpu() == 0 && reserved.cpu() > 0) lifted.add("cpu");
        return lifted.isEmpty() ? Optional.empty() : Optional.of("an engine cannot lift a running container's "
                + String.join(" and ", lifted) + " limit; recreate the task to run it without one");
    }

    static TaskEvent ended(Engine.ContainerStatus c, boolean oomEvent) {
        if (c.oomKilled() || (oomEvent && c.exitCode() == 137)) return new TaskEvent.Failed("OOM killed: the container went over its memory limit");
        if (!c.error().isEmpty() && c.exitCode() != 0) return new TaskEvent.Failed(c.error());
        return new TaskEvent.Exited(c.exitCode());
    }

    private void report(Task t, TaskEvent e) {
        ctx.status().report(t.id(), e).join();
    }
}

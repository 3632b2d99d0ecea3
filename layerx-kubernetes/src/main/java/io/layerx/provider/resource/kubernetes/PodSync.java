package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod loop, level-triggered per (cluster, node, task): compares what the core wants of the task with the pod the
 * API server has (as the pod informer last saw it), acts (create, delete, resize) and reports what the pod's status
 * says. Idempotent and never duplicating: the pod is named by the task id, so a second create is refused by the API
 * server ({@code AlreadyExists}), and an existing pod of a task (one LayerX lost track of, e.g. across a restart) is
 * adopted rather than created again. A pod of a task that ended, moved or is unknown is deleted.
 */
final class PodSync {

    private static final Logger log = LoggerFactory.getLogger(PodSync.class);
    static final Duration RESIZE_RETRY = Duration.ofSeconds(30);

    private final ProviderContext ctx;
    private final Map<String, KubeLink> links;
    /** The last size each task's pod was patched to and when, so a refused resize is not retried at every event. */
    private final Map<String, Resize> resized = new ConcurrentHashMap<>();

    private record Resize(Resources size, Instant at) {
    }

    PodSync(ProviderContext ctx, Map<String, KubeLink> links) {
        this.ctx = ctx;
        this.links = links;
    }

    boolean reconcile(KubernetesProvider.TaskKey key) {
        KubeLink link = links.get(key.cluster());
        if (link == null || !link.reachable()) return false; // the cluster's probe hands the key back once it answers
        try {
            reconcile(key, link);
        } catch (KubernetesClientException e) {
            if (link.closed()) return false;
            if (KubeErrors.answered(e)) throw e;
            log.info("task {}: the API server of cluster {} did not answer: {}", key.taskId(), key.cluster(), KubeErrors.message(e));
        }
        return false;
    }

    private void reconcile(KubernetesProvider.TaskKey key, KubeLink link) {
        Optional<Task> task = ctx.view().read(v -> v.task(key.taskId()).map(Versioned::value));
        Optional<Pod> pod = link.pod(key.taskId()).filter(p -> PodPlan.isOurs(p, link.cluster()));
        if (task.isEmpty() || !key.node().equals(task.get().node())) {
            resized.remove(key.taskId());
            pod.filter(p -> key.node().equals(p.getMetadata().getAnnotations().get(PodPlan.NODE_ANNOTATION)))
                    .ifPresent(p -> delete(link, p, "its task is not on this node"));
            return;
        }
        Task t = task.get();
        if (t.state().terminal()) {
            resized.remove(t.id());
            pod.ifPresent(p -> delete(link, p, "its task is " + t.state().name().toLowerCase(java.util.Locale.ROOT)));
        } else if (t.desired() == DesiredState.STOP) {
            pod.ifPresent(p -> delete(link, p, "its task was stopped"));
            report(t, new TaskEvent.Killed(t.reason().isEmpty() ? "stopped" : t.reason()));
        } else if (pod.isEmpty()) {
            if (t.state() == TaskState.RUNNING) {
                report(t, new TaskEvent.Failed("pod deleted from cluster " + link.cluster() + " outside LayerX"));
            } else {
                launch(link, t);
            }
        } else {
            observe(link, t, pod.get());
        }
    }

    private void launch(KubeLink link, Task t) {
        Optional<Job> job = ctx.view().read(v -> v.job(t.job()).map(Versioned::value));
        if (job.isEmpty()) return; // the job is gone: the job controller stops the task
        if (job.get().task().image() == null || job.get().task().image().isBlank()) {
            report(t, new TaskEvent.Failed("a kubernetes node runs images, and the task has none"));
            return;
        }
        report(t, new TaskEvent.Starting());
        Pod pod = PodPlan.of(t, job.get(), link.cluster(), KubeNodes.kubeName(link.cluster(), t.node()));
        try {
            link.client().pods().inNamespace(link.settings().namespace()).resource(pod).create();
            log.debug("task {}: pod created on {}", t.id(), t.node());
        } catch (KubernetesClientException e) {
            if (KubeErrors.alreadyExists(e)) return; // adopted: its events tell how it is
            if (!KubeErrors.answered(e)) throw e;
            String why = "the API server of cluster " + link.cluster() + " refused the pod: " + KubeErrors.message(e);
            log.info("task {}: {}", t.id(), why);
            report(t, new TaskEvent.Failed(why));
        }
    }

    private void observe(KubeLink link, Task t, Pod p) {
        Optional<TaskEvent> e = PodStatus.of(p);
        if (e.isEmpty()) return;
        if (e.get() instanceof TaskEvent.Running) resize(link, t, p);
        boolean known = switch (e.get()) {
            case TaskEvent.Starting s -> t.state() == TaskState.STARTING || t.state() == TaskState.RUNNING;
            case TaskEvent.Running r -> t.state() == TaskState.RUNNING;
            default -> false;
        };
        if (!known) report(t, e.get());
    }

    /** Patches the pod's requests and limits when the task's reservation changed (a resize in place). */
    private void resize(KubeLink link, Task t, Pod p) {
        Resources wanted = Resources.of(t.resources().cpu(), t.resources().memory());
        if (wanted.equals(PodPlan.limits(p))) {
            resized.remove(t.id());
            return;
        }
        Resize last = resized.get(t.id());
        Instant now = ctx.clock().instant();
        if (last != null && last.size().equals(wanted) && now.isBefore(last.at().plus(RESIZE_RETRY))) return;
        resized.put(t.id(), new Resize(wanted, now));
        try {
            link.client().pods().inNamespace(link.settings().namespace()).withName(t.id()).edit(pod -> new PodBuilder(pod)
                    .editSpec().editMatchingContainer(c -> PodPlan.CONTAINER.equals(c.getName()))
                    .withResources(PodPlan.resources(wanted)).endContainer().endSpec().build());
            log.info("task {}: pod resized in place to {}m cpu, {} MiB", t.id(), wanted.cpu(), wanted.memory());
        } catch (KubernetesClientException e) {
            if (!KubeErrors.answered(e)) throw e;
            log.warn("task {}: the API server did not resize the pod to {}m cpu, {} MiB, its old size stays: {}; trying "
                    + "again in {} s", t.id(), wanted.cpu(), wanted.memory(), KubeErrors.message(e), RESIZE_RETRY.toSeconds());
        }
    }

    private void delete(KubeLink link, Pod p, String why) {
        link.client().pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
        log.debug("pod {}/{} deleted: {}", p.getMetadata().getNamespace(), p.getMetadata().getName(), why);
    }

    private void report(Task t, TaskEvent e) {
        ctx.status().report(t.id(), e).join();
    }
}

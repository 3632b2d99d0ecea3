package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.JobView;
import io.layerx.service.NodeView;
import io.layerx.service.TaskFilter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * LayerX tasks as pods. The tasks of a deployment's or a job's LayerX job are its pods, named
 * {@code OBJECT-SUFFIX} after the task id; a bare pod is the newest task of its one-task job. A service's ended
 * tasks are gone (their slot has a new pod), a batch job's stay as Completed or Error pods until the job is deleted.
 */
final class Pods {

    static final String TASK_LABEL = "kube.layerx.io/task";

    /** One pod: the task behind it, its job and the object it belongs to. */
    record Pod(String namespace, String name, Task task, Job job, Kind owner, KubeObjects.Stored object,
               List<String> problems) {
    }

    private final ControlPlane controlPlane;
    private final KubeObjects objects;

    Pods(ControlPlane controlPlane, KubeObjects objects) {
        this.controlPlane = controlPlane;
        this.objects = objects;
    }

    /** The pods of {@code namespace} (every namespace when null), by name. */
    List<Pod> list(String namespace) {
        List<Pod> out = new ArrayList<>();
        for (JobView v : controlPlane.jobs()) {
            Kind kind = Workloads.kindOf(v.job());
            String ns = v.job().labels().get(Workloads.NAMESPACE_LABEL);
            if (kind == null || namespace != null && !namespace.equals(ns)) continue;
            String name = v.job().labels().get(Workloads.NAME_LABEL);
            Optional<KubeObjects.Stored> obj = objects.get(kind, ns, name);
            if (obj.isEmpty()) continue;
            for (Task t : tasksAsPods(v.job(), kind)) {
                String pod = kind == Kind.PODS ? name : name + "-" + t.id().substring(v.job().name().length() + 1);
                out.add(new Pod(ns, pod, t, v.job(), kind, obj.get(), v.problems()));
            }
        }
        out.sort(Comparator.comparing(Pod::namespace).thenComparing(Pod::name));
        return out;
    }

    Optional<Pod> find(String namespace, String name) {
        return list(namespace).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The pods of one object (a deployment's or a job's). */
    List<Pod> of(Kind kind, String namespace, String name) {
        return list(namespace).stream().filter(p -> p.owner() == kind && p.object().name().equals(name)).toList();
    }

    private List<Task> tasksAsPods(Job job, Kind kind) {
        List<Task> tasks = controlPlane.tasks(new TaskFilter(job.name(), null, null)).stream()
                .sorted(Comparator.comparing(Task::created)).toList();
        if (job.type() == JobType.BATCH) return tasks;
        List<Task> live = tasks.stream().filter(t -> !t.state().terminal()).toList();
        if (kind == Kind.PODS && live.isEmpty() && !tasks.isEmpty()) return List.of(tasks.getLast());
        return live;
    }

    /** Where each node is reached, for the pods' host and pod IPs. */
    Function<String, String> hosts() {
        Map<String, String> hosts = controlPlane.nodes(null).stream().map(NodeView::node)
                .collect(Collectors.toMap(Node::name, n -> host(n.address()), (a, b) -> a));
        return n -> n == null ? null : hosts.get(n);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address, not a name. */
    static boolean ipLiteral(String host) {
        return host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":"));
    }

    static String host(String address) {
        if (address == null || address.isBlank()) return null;
        try {
            if (address.contains("://")) {
                String host = URI.create(address).getHost();
                return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }

    /** The pod as the Kubernetes API shows it. */
    static ObjectNode json(Pod p, Function<String, String> hosts, long revision) {
        JsonNode template = p.owner() == Kind.PODS ? p.object().object() : p.object().object().path("spec").path("template");
        ObjectNode pod = KubeJson.object().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata").put("name", p.name()).put("namespace", p.namespace())
                .put("uid", p.task().id()).put("resourceVersion", Long.toString(revision))
                .put("creationTimestamp", Times.format(p.task().created()));
        ObjectNode labels = meta.putObject("labels");
        if (template.path("metadata").path("labels").isObject()) labels.setAll((ObjectNode) template.path("metadata").path("labels"));
        labels.put(TASK_LABEL, p.task().id());
        if (p.owner() == Kind.PODS) {
            JsonNode ann = p.object().object().path("metadata").path("annotations");
            if (ann.isObject()) meta.set("annotations", ann);
        } else {
            ObjectNode owner = meta.putArray("ownerReferences").addObject().put("apiVersion", p.owner().apiVersion())
                    .put("kind", p.owner().kind()).put("name", p.object().name())
                    .put("uid", p.object().object().path("metadata").path("uid").asText());
            owner.put("controller", true).put("blockOwnerDeletion", true);
        }
        ObjectNode spec = template.path("spec").isObject() ? ((ObjectNode) template.path("spec")).deepCopy() : KubeJson.object();
        if (p.task().node() != null) spec.put("nodeName", p.task().node());
        if (!spec.has("restartPolicy")) spec.put("restartPolicy", p.owner() == Kind.JOBS ? "Never" : "Always");
        pod.set("spec", spec);
        pod.set("status", status(p, spec, hosts.apply(p.task().node())));
        return pod;
    }

    private static ObjectNode status(Pod p, ObjectNode spec, String host) {
        Task t = p.task();
        ObjectNode s = KubeJson.object().put("phase", phase(t));
        boolean running = t.state() == TaskState.RUNNING;
        ArrayNode conditions = s.putArray("conditions");
        condition(conditions, "PodScheduled", t.node() != null, t.node() == null ? "Unschedulable" : null,
                t.node() == null ? String.join("; ", p.problems()) : null);
        condition(conditions, "Ready", running, running ? null : "ContainersNotReady", null);
        if (ipLiteral(host)) s.put("hostIP", host).put("podIP", host); // a simulated node has a name, no address
        if (t.node() != null) s.put("startTime", Times.format(t.created()));
        JsonNode c = spec.path("containers").path(0);
        ObjectNode cs = s.putArray("containerStatuses").addObject().put("name", c.path("name").asText())
                .put("image", c.path("image").asText()).put("imageID", "").put("ready", running)
                .put("restartCount", t.attempt()).put("started", running)
                .put("containerID", "layerx://" + t.id());
        ObjectNode state = cs.putObject("state");
        switch (t.state()) {
            case PENDING, ASSIGNED, STARTING -> state.putObject("waiting").put("reason",
                    t.node() == null ? "Pending" : "ContainerCreating");
            case RUNNING -> state.putObject("running").put("startedAt", Times.format(t.updated()));
            case EXITED, FAILED, KILLED, LOST -> {
                ObjectNode term = state.putObject("terminated").put("exitCode", t.exitCode() == null ? (t.state() == TaskState.EXITED ? 0 : 137) : t.exitCode())
                        .put("reason", terminatedReason(t)).put("finishedAt", Times.format(t.updated()));
                if (!t.reason().isEmpty()) term.put("message", t.reason());
            }
        }
        return s;
    }

    private static void condition(ArrayNode list, String type, boolean ok, String reason, String message) {
        ObjectNode c = list.addObject().put("type", type).put("status", ok ? "True" : "False");
        if (reason != null) c.put("reason", reason);
        if (message != null && !message.isEmpty()) c.put("message", message);
    }

    static String phase(Task t) {
        return switch (t.state()) {
            case PENDING, ASSIGNED, STARTING -> "Pending";
            case RUNNING -> "Running";
            case EXITED -> t.exitCode() == null || t.exitCode() == 0 ? "Succeeded" : "Failed";
            case FAILED, KILLED -> "Failed";
            case LOST -> "Unknown";
        };
    }

    private static String terminatedReason(Task t) {
        if (t.reason().toLowerCase(java.util.Locale.ROOT).contains("oom")) return "OOMKilled";
        return switch (t.state()) {
            case EXITED -> t.exitCode() == null || t.exitCode() == 0 ? "Completed" : "Error";
            case KILLED -> "Killed";
            case LOST -> "NodeLost";
            default -> "Error";
        };
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.service.JobView;
import io.layerx.service.NodeView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stored objects with their live status, and LayerX nodes and namespaces, as the Kubernetes API shows them. */
final class Shapes {

    private Shapes() {
    }

    /** A deployment: its stored spec with the job's replicas, and a status counted from its pods. */
    static ObjectNode deployment(KubeObjects.Stored s, JobView job, List<Pods.Pod> pods) {
        ObjectNode d = withVersion(s);
        if (job == null) return d;
        ((ObjectNode) d.with("spec")).put("replicas", job.job().replicas());
        long running = pods.stream().filter(p -> p.task().state() == TaskState.RUNNING).count();
        long updated = pods.stream().filter(p -> p.task().jobVersion() == job.job().version()).count();
        ObjectNode st = d.putObject("status").put("observedGeneration", d.path("metadata").path("generation").asLong(1))
                .put("replicas", pods.size()).put("updatedReplicas", updated).put("readyReplicas", running)
                .put("availableReplicas", running);
        if (pods.size() > running) st.put("unavailableReplicas", pods.size() - running);
        boolean available = running >= job.job().replicas();
        st.putArray("conditions").addObject().put("type", "Available").put("status", available ? "True" : "False")
                .put("reason", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .put("message", available ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability." + problems(job));
        return d;
    }

    /** A batch/v1 job with its active, succeeded and failed pods. */
    static ObjectNode job(KubeObjects.Stored s, JobView job, List<Pods.Pod> pods) {
        ObjectNode j = withVersion(s);
        if (job == null) return j;
        ObjectNode spec = (ObjectNode) j.with("spec");
        if (!spec.has("completions")) spec.put("completions", job.job().replicas());
        if (!spec.has("backoffLimit")) spec.put("backoffLimit", job.job().maxRetries());
        long active = pods.stream().filter(p -> !p.task().state().terminal()).count();
        long succeeded = pods.stream().filter(p -> p.task().state() == TaskState.EXITED
                && (p.task().exitCode() == null || p.task().exitCode() == 0)).count();
        long failed = pods.stream().filter(p -> p.task().state().terminal()).count() - succeeded;
        ObjectNode st = j.putObject("status");
        Instant start = pods.stream().map(p -> p.task().created()).min(Instant::compareTo).orElse(null);
        if (start != null) st.put("startTime", Times.format(start));
        if (active > 0) st.put("active", active);
        if (succeeded > 0) st.put("succeeded", succeeded);
        if (failed > 0) st.put("failed", failed);
        if (job.status().equals("complete") || job.status().equals("failed")) {
            Instant end = pods.stream().map(p -> p.task().updated()).max(Instant::compareTo).orElse(Instant.now());
            if (job.status().equals("complete")) st.put("completionTime", Times.format(end));
            st.putArray("conditions").addObject().put("type", job.status().equals("complete") ? "Complete" : "Failed")
                    .put("status", "True").put("lastTransitionTime", Times.format(end));
        }
        return j;
    }

    private static String problems(JobView job) {
        return job.problems().isEmpty() ? "" : " " + String.join("; ", job.problems());
    }

    static ObjectNode withVersion(KubeObjects.Stored s) {
        ObjectNode o = s.object().deepCopy();
        ((ObjectNode) o.with("metadata")).put("resourceVersion", Long.toString(s.revision()));
        return o;
    }

    static ObjectNode namespace(KubeObjects.Stored s, boolean terminating) {
        ObjectNode n = withVersion(s);
        n.putObject("spec").putArray("finalizers").add("kubernetes");
        n.putObject("status").put("phase", terminating ? "Terminating" : "Active");
        return n;
    }

    /** A LayerX node: its labels, the provider as its role, capacity, and Ready from its state. */
    static ObjectNode node(NodeView v, long revision) {
        Node n = v.node();
        ObjectNode o = KubeJson.object().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = o.putObject("metadata").put("name", n.name()).put("uid", "layerx-node-" + n.name())
                .put("resourceVersion", Long.toString(revision))
                .put("creationTimestamp", Times.format(n.joined() == null ? Instant.EPOCH : n.joined()));
        ObjectNode labels = meta.putObject("labels");
        n.labels().forEach(labels::put);
        labels.put("kubernetes.io/hostname", n.name());
        labels.put("kube.layerx.io/cluster", n.cluster());
        if (!n.provider().isEmpty()) labels.put("node-role.kubernetes.io/" + n.provider(), "");
        ObjectNode spec = o.putObject("spec");
        if (n.state() == NodeState.DRAINING) spec.put("unschedulable", true);
        ObjectNode status = o.putObject("status");
        status.set("capacity", quantities(n.capacity()));
        status.set("allocatable", quantities(n.capacity().minus(v.allocated())));
        String ready = switch (n.state()) {
            case READY, DRAINING -> "True";
            case DOWN -> "False";
            case LOST -> "Unknown";
        };
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready)
                .put("reason", "LayerX" + n.state().name().charAt(0) + n.state().name().substring(1).toLowerCase(Locale.ROOT))
                .put("message", "LayerX node state: " + n.state().name().toLowerCase(Locale.ROOT));
        String host = Pods.host(n.address());
        if (host != null) {
            status.putArray("addresses").addObject().put("type", Pods.ipLiteral(host) ? "InternalIP" : "Hostname")
                    .put("address", host);
        }
        status.putObject("nodeInfo").put("kubeletVersion", "layerx-" + (n.provider().isEmpty() ? "node" : n.provider()))
                .put("containerRuntimeVersion", n.provider()).put("operatingSystem", "linux")
                .put("architecture", "amd64").put("osImage", "").put("kernelVersion", "");
        return o;
    }

    private static ObjectNode quantities(Resources r) {
        ObjectNode q = KubeJson.object();
        q.put("cpu", Math.max(0, r.cpu()) + "m").put("memory", Math.max(0, r.memory()) + "Mi");
        if (r.disk() > 0) q.put("ephemeral-storage", r.disk() + "Mi");
        q.put("pods", "110");
        return q;
    }

    /** The {@code autoscaling/v1} Scale of a deployment. */
    static ObjectNode scale(KubeObjects.Stored s, JobView job, List<Pods.Pod> pods, Map<String, String> selector) {
        ObjectNode sc = KubeJson.object().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        sc.putObject("metadata").put("name", s.name()).put("namespace", s.object().path("metadata").path("namespace").asText())
                .put("uid", s.object().path("metadata").path("uid").asText())
                .put("resourceVersion", Long.toString(s.revision()))
                .put("creationTimestamp", s.object().path("metadata").path("creationTimestamp").asText());
        sc.putObject("spec").put("replicas", job == null ? 0 : job.job().replicas());
        StringBuilder sel = new StringBuilder();
        selector.forEach((k, v) -> sel.append(sel.isEmpty() ? "" : ",").append(k).append('=').append(v));
        sc.putObject("status").put("replicas", pods.size()).put("selector", sel.toString());
        return sc;
    }

    /** The job with a new replica count, all else kept. */
    static Job withReplicas(Job j, int replicas) {
        return new Job(j.name(), j.type(), replicas, j.strategy(), j.priority(), j.labels(), j.constraints(), j.task(),
                j.maxRetries(), j.stopped(), j.version(), j.submitted(), j.placement(), j.brain(), j.update());
    }
}

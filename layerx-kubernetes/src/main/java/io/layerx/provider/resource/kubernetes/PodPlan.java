package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.layerx.model.Job;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod LayerX creates for one task: named by the task id, bound to its node ({@code spec.nodeName}, so no
 * Kubernetes scheduler is involved), never restarted by the kubelet (LayerX replaces ended tasks itself), one
 * container {@code task} with the job's image, command and environment, the task's reservation as requests and
 * limits alike, and its host ports. Labels name the cluster, job and task ({@code layerx.io/...}); the annotations
 * carry the task and LayerX node in full (label values stop at 63 characters). Pure.
 */
final class PodPlan {

    static final String CLUSTER_LABEL = "layerx.io/cluster";
    static final String JOB_LABEL = "layerx.io/job";
    static final String TASK_LABEL = "layerx.io/task";
    static final String TASK_ANNOTATION = "layerx.io/task";
    static final String NODE_ANNOTATION = "layerx.io/node";
    static final String CONTAINER = "task";
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern CONTAINER_PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");

    private PodPlan() {
    }

    static Pod of(Task task, Job job, String cluster, String kubeNode) {
        Map<String, String> labels = new LinkedHashMap<>();
        job.labels().forEach((k, v) -> {
            if (LABEL_VALUE.matcher(v).matches()) labels.put(k, v);
        });
        labels.put(CLUSTER_LABEL, cluster);
        if (LABEL_VALUE.matcher(task.job()).matches()) labels.put(JOB_LABEL, task.job());
        if (LABEL_VALUE.matcher(task.id()).matches()) labels.put(TASK_LABEL, task.id());
        List<EnvVar> env = new ArrayList<>();
        job.task().env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        List<ContainerPort> ports = new ArrayList<>();
        task.ports().forEach((label, host) -> ports.add(port(label, host)));
        return new PodBuilder()
                .withNewMetadata().withName(task.id()).withLabels(labels)
                .withAnnotations(Map.of(TASK_ANNOTATION, task.id(), NODE_ANNOTATION, task.node())).endMetadata()
                .withNewSpec().withNodeName(kubeNode).withRestartPolicy("Never")
                .withContainers(new ContainerBuilder().withName(CONTAINER).withImage(job.task().image())
                        .withCommand(job.task().command().isEmpty() ? null : job.task().command())
                        .withEnv(env).withPorts(ports).withResources(resources(task.resources())).build())
                .endSpec().build();
    }

    /** Requests and limits alike: what LayerX reserved is what the kubelet enforces. */
    static ResourceRequirements resources(Resources r) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        if (r.cpu() > 0) q.put("cpu", new Quantity(r.cpu() + "m"));
        if (r.memory() > 0) q.put("memory", new Quantity(r.memory() + "Mi"));
        return new ResourceRequirementsBuilder().withRequests(q).withLimits(q).build();
    }

    /** What the pod's container is limited to now, in LayerX's units (0 where there is no limit). */
    static Resources limits(Pod p) {
        for (io.fabric8.kubernetes.api.model.Container c : p.getSpec().getContainers()) {
            if (!CONTAINER.equals(c.getName())) continue;
            Map<String, Quantity> l = c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                    : c.getResources().getLimits();
            return Resources.of(KubeNodes.millicores(l.get("cpu")), KubeNodes.mebibytes(l.get("memory")));
        }
        return Resources.ZERO;
    }

    /** A pod LayerX created for a task of {@code cluster}. */
    static boolean isOurs(Pod p, String cluster) {
        Map<String, String> l = p.getMetadata().getLabels();
        return l != null && cluster.equals(l.get(CLUSTER_LABEL)) && taskOf(p) != null;
    }

    /** The task a LayerX pod runs, or null. */
    static String taskOf(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a == null ? null : a.get(TASK_ANNOTATION);
    }

    private static ContainerPort port(String label, int hostPort) {
        Matcher m = CONTAINER_PORT.matcher(label);
        boolean named = m.matches() && Integer.parseInt(m.group(1)) <= 65535;
        int container = named ? Integer.parseInt(m.group(1)) : hostPort;
        String protocol = named && m.group(2) != null ? m.group(2).toUpperCase(java.util.Locale.ROOT) : "TCP";
        return new ContainerPortBuilder().withContainerPort(container).withHostPort(hostPort).withProtocol(protocol).build();
    }
}

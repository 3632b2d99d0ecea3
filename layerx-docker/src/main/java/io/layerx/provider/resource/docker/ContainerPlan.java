package io.layerx.provider.resource.docker;

import io.layerx.model.Job;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container LayerX creates for one task: named by the task id, labelled as LayerX's own, with the job's image,
 * command, environment, labels, limits (the task's reservation) and host ports.
 *
 * <p>Host ports: a task's port label of the form {@code 80} or {@code 80/tcp} names the container port the host port
 * is bound to (the Docker API's {@code -p 8080:80} becomes label {@code 80/tcp} with value 8080); any other label
 * (e.g. {@code http} in a job file) binds the host port to the same container port.
 */
record ContainerPlan(String name, String image, List<String> command, List<String> env, Map<String, String> labels,
                     long memoryBytes, long nanoCpus, String network, List<PortMapping> ports) {

    /** Marks LayerX's containers; its value is the task id. */
    static final String TASK_LABEL = "io.layerx.task";
    static final String JOB_LABEL = "io.layerx.job";
    /** The node (of this pool) whose task the container runs: containers of other pools on the engine are foreign. */
    static final String NODE_LABEL = "io.layerx.node";
    static final String CLUSTER_LABEL = "io.layerx.cluster";

    private static final Pattern CONTAINER_PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");

    record PortMapping(int containerPort, String protocol, int hostPort) {
    }

    ContainerPlan {
        command = List.copyOf(command);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    static ContainerPlan of(Task task, Job job, String network) {
        TaskSpec spec = job.task();
        Map<String, String> labels = new LinkedHashMap<>(job.labels());
        labels.put(TASK_LABEL, task.id());
        labels.put(JOB_LABEL, task.job());
        labels.put(NODE_LABEL, task.node());
        labels.put(CLUSTER_LABEL, task.cluster());
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        List<PortMapping> ports = new ArrayList<>();
        task.ports().forEach((label, host) -> ports.add(mapping(label, host)));
        return new ContainerPlan(task.id(), spec.image(), spec.command(), env, labels,
                task.resources().memory() * 1024 * 1024, task.resources().cpu() * 1_000_000, network, ports);
    }

    private static PortMapping mapping(String label, int hostPort) {
        Matcher m = CONTAINER_PORT.matcher(label);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 65535) {
            return new PortMapping(Integer.parseInt(m.group(1)), m.group(2) == null ? "tcp" : m.group(2), hostPort);
        }
        return new PortMapping(hostPort, "tcp", hostPort);
    }
}

package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Placement;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes workloads as LayerX jobs: a Deployment is a service job (replicas, the pod template's one container),
 * a batch/v1 Job a batch job (completions, backoffLimit as retries), a bare Pod a one-task job (service when it
 * restarts {@code Always}, else batch). The job is named after the object ({@code NAME} in namespace
 * {@code default}, else {@code NAMESPACE-NAME}) and labelled with its kind, namespace and name.
 */
final class Workloads {

    /** The image that means "run the command as a process" (the exec driver) rather than a container. */
    static final String EXEC_IMAGE = "layerx.io/exec";
    static final String KIND_LABEL = "kube.layerx.io/kind";
    static final String NAMESPACE_LABEL = "kube.layerx.io/namespace";
    static final String NAME_LABEL = "kube.layerx.io/name";
    static final long DEFAULT_CPU = 100;
    static final long DEFAULT_MEMORY = 64;
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024);

    private Workloads() {
    }

    /** The LayerX job of {@code name} in {@code namespace}. */
    static String jobName(String namespace, String name) {
        return namespace.equals("default") ? name : namespace + "-" + name;
    }

    /** The LayerX job that carries out {@code obj} (already checked by {@link Manifest}). */
    static Job toJob(Kind kind, String namespace, JsonNode obj, long replicasIfUnset) {
        String name = obj.path("metadata").path("name").asText();
        JsonNode podTemplate = kind == Kind.PODS ? obj : obj.path("spec").path("template");
        JsonNode pod = podTemplate.path("spec");
        Map<String, String> labels = new LinkedHashMap<>();
        podTemplate.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.put(KIND_LABEL, kind.singular());
        labels.put(NAMESPACE_LABEL, namespace);
        labels.put(NAME_LABEL, name);
        JsonNode spec = obj.path("spec");
        String restart = pod.path("restartPolicy").asText(kind == Kind.JOBS ? "Never" : "Always");
        JobType type;
        int replicas;
        int retries;
        RestartPolicy policy;
        if (kind == Kind.DEPLOYMENTS) {
            type = JobType.SERVICE;
            replicas = (int) spec.path("replicas").asLong(replicasIfUnset);
            retries = Job.DEFAULT_MAX_RETRIES;
            policy = null;
        } else if (kind == Kind.JOBS) {
            type = JobType.BATCH;
            replicas = (int) spec.path("completions").asLong(1);
            retries = (int) spec.path("backoffLimit").asLong(6);
            policy = null;
        } else {
            type = restart.equals("Always") ? JobType.SERVICE : JobType.BATCH;
            replicas = 1;
            retries = restart.equals("OnFailure") ? Integer.MAX_VALUE : 0;
            policy = restart.equals("Never") ? new RestartPolicy(RestartPolicy.Mode.NEVER, 0, null, null) : null;
        }
        TaskSpec task = task(pod.path("containers").path(0), policy);
        List<Constraint> constraints = new ArrayList<>();
        constraints.add(new Constraint("node.labels." + Node.driverLabel(task.driver()), Constraint.Operator.EQ, List.of("true")));
        pod.path("nodeSelector").fields().forEachRemaining(e -> constraints.add(selector(e.getKey(), e.getValue().asText())));
        return new Job(jobName(namespace, name), type, replicas, Strategy.SPREAD, Job.DEFAULT_PRIORITY, labels,
                constraints, task, retries, false, 0, null, Placement.NONE);
    }

    /** {@code kubernetes.io/hostname} is the LayerX node's name; any other key is a node label. */
    private static Constraint selector(String key, String value) {
        String attribute = key.equals("kubernetes.io/hostname") ? "node.name" : "node.labels." + key;
        return new Constraint(attribute, Constraint.Operator.EQ, List.of(value));
    }

    private static TaskSpec task(JsonNode c, RestartPolicy restart) {
        String image = c.path("image").asText();
        boolean exec = image.equals(EXEC_IMAGE);
        List<String> command = new ArrayList<>();
        c.path("command").forEach(s -> command.add(s.asText()));
        c.path("args").forEach(s -> command.add(s.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("")));
        JsonNode requests = c.path("resources").path("requests");
        JsonNode limits = c.path("resources").path("limits");
        long cpu = quantity(requests.path("cpu"), limits.path("cpu"), BigDecimal.valueOf(1000), DEFAULT_CPU);
        long memory = quantity(requests.path("memory"), limits.path("memory"), BigDecimal.ONE.divide(MIB), DEFAULT_MEMORY);
        String workdir = c.path("workingDir").asText(null);
        return new TaskSpec(exec ? "exec" : "docker", command, exec ? null : image, env, Resources.of(cpu, memory),
                List.of(), null, exec ? workdir : null, restart, null);
    }

    /** The request, else the limit, in LayerX units (millicores, MiB), rounded up; else the default. */
    private static long quantity(JsonNode request, JsonNode limit, BigDecimal scale, long fallback) {
        JsonNode q = request.isMissingNode() ? limit : request;
        if (q.isMissingNode()) return fallback;
        BigDecimal amount = Manifest.amount(q);
        return amount == null ? fallback : Math.max(1, amount.multiply(scale).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** The kind of a LayerX job made here, or null for a job of another task provider. */
    static Kind kindOf(Job job) {
        String k = job.labels().get(KIND_LABEL);
        if (k == null) return null;
        return switch (k) {
            case "deployment" -> Kind.DEPLOYMENTS;
            case "job" -> Kind.JOBS;
            case "pod" -> Kind.PODS;
            default -> null;
        };
    }
}

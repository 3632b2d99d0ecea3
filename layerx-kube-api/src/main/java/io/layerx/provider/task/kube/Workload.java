package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.provider.task.kube.KubeError.Cause;
import io.layerx.service.ControlPlane;
import io.layerx.service.JobView;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application side of deployments, jobs and bare pods: create, replace, scale and delete the object and its
 * LayerX job together, and show the object with the status its tasks give it.
 */
final class Workload {

    private final ControlPlane controlPlane;
    private final KubeObjects objects;
    private final Pods pods;
    private final InstantSource clock;

    Workload(ControlPlane controlPlane, KubeObjects objects, Pods pods, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.objects = objects;
        this.pods = pods;
        this.clock = clock;
    }

    KubeObjects.Stored stored(Kind kind, String ns, String name) {
        return objects.get(kind, ns, name).orElseThrow(() -> KubeError.notFound(kind, name));
    }

    /** The object as the API shows it (a bare pod: its pod). */
    ObjectNode show(Kind kind, String ns, KubeObjects.Stored s) {
        JobView job = job(ns, s.name());
        if (kind == Kind.DEPLOYMENTS) return Shapes.deployment(s, job, pods.of(kind, ns, s.name()));
        if (kind == Kind.JOBS) return Shapes.job(s, job, pods.of(kind, ns, s.name()));
        return pods.find(ns, s.name()).map(p -> Pods.json(p, pods.hosts(), s.revision()))
                .orElseGet(() -> Shapes.withVersion(s));
    }

    List<ObjectNode> list(Kind kind, String ns) {
        return objects.list(kind, ns).stream()
                .map(s -> show(kind, s.object().path("metadata").path("namespace").asText(), s)).toList();
    }

    JobView job(String ns, String name) {
        try {
            return controlPlane.job(Workloads.jobName(ns, name));
        } catch (LayerXException.NotFound e) {
            return null;
        }
    }

    /** Creates the object and submits its job; Invalid with every problem, AlreadyExists when the name is taken. */
    ObjectNode create(Kind kind, String ns, JsonNode body) {
        ObjectNode obj = checked(kind, ns, body);
        String name = obj.path("metadata").path("name").asText();
        Job job = job(kind, ns, obj, 1);
        if (objects.get(kind, ns, name).isPresent()) throw KubeError.alreadyExists(kind, name);
        Optional<JobView> other = Optional.ofNullable(job(ns, name));
        if (other.isPresent() && !ours(other.get().job(), kind, ns, name)) {
            throw KubeError.conflict("the LayerX job " + job.name() + " already exists (made by another task provider); "
                    + "choose another name for this " + kind.kind());
        }
        KubeObjects.Stored s = objects.create(kind, ns, withoutStatus(obj));
        try {
            controlPlane.submitJob(job);
        } catch (RuntimeException e) {
            objects.delete(kind, ns, name);
            throw e;
        }
        return show(kind, ns, s);
    }

    /** Replaces the object (PUT, and every PATCH): its job is submitted again with the new spec. */
    ObjectNode replace(Kind kind, String ns, KubeObjects.Stored old, JsonNode body) {
        ObjectNode obj = checked(kind, ns, body);
        String name = obj.path("metadata").path("name").asText();
        if (!name.equals(old.name())) {
            throw KubeError.badRequest("the name of the object (" + name + ") does not match the name in the URL (" + old.name() + ")");
        }
        JobView current = job(ns, name);
        Job job = job(kind, ns, obj, current == null ? 1 : current.job().replicas());
        KubeObjects.Stored s = objects.update(kind, ns, old, withoutStatus(obj));
        controlPlane.submitJob(job);
        return show(kind, ns, s);
    }

    /** The Scale of a deployment after setting its replicas. */
    ObjectNode scale(String ns, String name, int replicas) {
        KubeObjects.Stored s = stored(Kind.DEPLOYMENTS, ns, name);
        JobView job = job(ns, name);
        if (job == null) throw KubeError.notFound(Kind.DEPLOYMENTS, name);
        if (replicas < 0) {
            throw KubeError.invalid(Kind.DEPLOYMENTS, name, List.of(Cause.invalid("spec.replicas", replicas, "must be greater than or equal to 0")));
        }
        controlPlane.submitJob(Shapes.withReplicas(job.job(), replicas));
        return scaleOf(ns, name, s);
    }

    ObjectNode scaleOf(String ns, String name, KubeObjects.Stored s) {
        Map<String, String> selector = new LinkedHashMap<>();
        s.object().path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        return Shapes.scale(s, job(ns, name), pods.of(Kind.DEPLOYMENTS, ns, name), selector);
    }

    /** Deletes the object and its job (its tasks stop); returns the object's uid. */
    String delete(Kind kind, String ns, String name) {
        KubeObjects.Stored s = stored(kind, ns, name);
        try {
            controlPlane.deleteJob(Workloads.jobName(ns, name));
        } catch (LayerXException.NotFound e) {
            // the object outlived its job (a submit that failed half-way): deleting the object is all there is
        }
        objects.delete(kind, ns, name);
        return s.object().path("metadata").path("uid").asText();
    }

    private ObjectNode checked(Kind kind, String ns, JsonNode body) {
        if (!body.isObject()) throw KubeError.badRequest("the body must be a " + kind.kind() + " object");
        ObjectNode obj = ((ObjectNode) body).deepCopy();
        String name = obj.path("metadata").path("name").asText("");
        List<Cause> causes = new ArrayList<>();
        String apiVersion = obj.path("apiVersion").asText(kind.apiVersion());
        String k = obj.path("kind").asText(kind.kind());
        if (!apiVersion.equals(kind.apiVersion()) || !k.equals(kind.kind())) {
            throw KubeError.badRequest("the object is a " + apiVersion + " " + k + ", not a " + kind.apiVersion()
                    + " " + kind.kind() + " as the URL says");
        }
        String metaNs = obj.path("metadata").path("namespace").asText(ns);
        if (!metaNs.equals(ns)) {
            throw KubeError.badRequest("the namespace of the provided object (" + metaNs
                    + ") does not match the namespace sent on the request (" + ns + ")");
        }
        causes.addAll(Manifest.check(kind, obj));
        String jobName = Workloads.jobName(ns, name);
        if (causes.isEmpty() && jobName.length() > 63) {
            causes.add(Cause.invalid("metadata.name", name, "with its namespace (" + jobName + ") it must be at most 63 characters"));
        }
        if (!causes.isEmpty()) throw KubeError.invalid(kind, name, causes);
        obj.put("apiVersion", kind.apiVersion()).put("kind", kind.kind());
        return obj;
    }

    private Job job(Kind kind, String ns, ObjectNode obj, long replicas) {
        Job job = Workloads.toJob(kind, ns, obj, replicas);
        try {
            controlPlane.planJob(job);
        } catch (LayerXException.Invalid e) {
            List<Cause> causes = e.details().stream().map(d -> new Cause("spec", "FieldValueInvalid", d)).toList();
            throw KubeError.invalid(kind, obj.path("metadata").path("name").asText(), causes);
        }
        return job;
    }

    private static boolean ours(Job job, Kind kind, String ns, String name) {
        return Workloads.kindOf(job) == kind && ns.equals(job.labels().get(Workloads.NAMESPACE_LABEL))
                && name.equals(job.labels().get(Workloads.NAME_LABEL));
    }

    /** What is stored: the object without its status, which its tasks give it. */
    private static ObjectNode withoutStatus(ObjectNode obj) {
        ObjectNode o = obj.deepCopy();
        o.remove("status");
        return o;
    }
}

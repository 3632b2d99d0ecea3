package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.layerx.provider.task.kube.KubeError.Cause;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest the way the apiserver's validation does, and lists every problem at once: fields the
 * Kubernetes API does not have, fields it has that LayerX does not carry out (refused rather than ignored), and
 * missing or bad values.
 */
final class Manifest {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> META = Set.of("name", "namespace", "labels", "annotations", "uid",
            "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "finalizers",
            "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final Set<String> META_UNSUPPORTED = Set.of("generateName");
    private static final Set<String> DEPLOYMENT = Set.of("replicas", "selector", "template", "strategy",
            "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds");
    private static final Set<String> DEPLOYMENT_UNSUPPORTED = Set.of("paused");
    private static final Set<String> JOB = Set.of("completions", "parallelism", "backoffLimit", "template",
            "selector", "manualSelector", "ttlSecondsAfterFinished", "completionMode", "suspend");
    private static final Set<String> JOB_UNSUPPORTED = Set.of("activeDeadlineSeconds");
    private static final Set<String> SELECTOR = Set.of("matchLabels");
    private static final Set<String> SELECTOR_UNSUPPORTED = Set.of("matchExpressions");
    private static final Set<String> TEMPLATE = Set.of("metadata", "spec");
    private static final Set<String> POD = Set.of("containers", "restartPolicy", "nodeSelector",
            "terminationGracePeriodSeconds", "dnsPolicy", "schedulerName", "securityContext", "serviceAccountName",
            "serviceAccount", "enableServiceLinks", "nodeName", "priority");
    private static final Set<String> POD_UNSUPPORTED = Set.of("volumes", "initContainers", "ephemeralContainers",
            "affinity", "tolerations", "hostNetwork", "hostPID", "hostIPC", "activeDeadlineSeconds", "hostname",
            "subdomain", "hostAliases", "imagePullSecrets", "priorityClassName", "readinessGates", "runtimeClassName",
            "topologySpreadConstraints", "overhead", "preemptionPolicy", "dnsConfig", "shareProcessNamespace",
            "automountServiceAccountToken", "setHostnameAsFQDN");
    private static final Set<String> CONTAINER = Set.of("name", "image", "command", "args", "env", "resources",
            "ports", "imagePullPolicy", "terminationMessagePath", "terminationMessagePolicy", "workingDir");
    private static final Set<String> CONTAINER_UNSUPPORTED = Set.of("volumeMounts", "volumeDevices",
            "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "securityContext", "envFrom", "stdin",
            "stdinOnce", "tty");
    private static final Set<String> ENV = Set.of("name", "value");
    private static final Set<String> ENV_UNSUPPORTED = Set.of("valueFrom");
    private static final Set<String> RESOURCES = Set.of("requests", "limits");
    private static final Set<String> QUANTITIES = Set.of("cpu", "memory");

    private final List<Cause> causes = new ArrayList<>();

    private Manifest() {
    }

    /** Every problem of {@code obj} as a {@code kind}; empty when it is fine. */
    static List<Cause> check(Kind kind, JsonNode obj) {
        Manifest m = new Manifest();
        m.keys("", obj, TOP, Set.of());
        m.metadata("metadata", obj.path("metadata"), true);
        JsonNode spec = obj.path("spec");
        if (kind == Kind.DEPLOYMENTS) m.deployment(spec);
        else if (kind == Kind.JOBS) m.job(spec);
        else if (kind == Kind.PODS) m.pod("spec", spec, Set.of("Always", "OnFailure", "Never"));
        return List.copyOf(m.causes);
    }

    private void metadata(String at, JsonNode meta, boolean named) {
        keys(at, meta, META, META_UNSUPPORTED);
        String name = meta.path("name").asText("");
        if (named && name.isEmpty()) causes.add(Cause.required(at + ".name"));
        else if (named && (!DNS_LABEL.matcher(name).matches() || name.length() > 63)) {
            causes.add(Cause.invalid(at + ".name", name, "a lowercase RFC 1123 label must consist of lower case "
                    + "alphanumeric characters or '-', start and end with one, and be at most 63 characters"));
        }
        stringMap(at + ".labels", meta.path("labels"));
        stringMap(at + ".annotations", meta.path("annotations"));
    }

    private void deployment(JsonNode spec) {
        keys("spec", spec, DEPLOYMENT, DEPLOYMENT_UNSUPPORTED);
        count("spec.replicas", spec.path("replicas"));
        selector("spec", spec, true);
        template("spec.template", spec.path("template"), Set.of("Always"));
        String type = spec.path("strategy").path("type").asText("RollingUpdate");
        if (!type.equals("RollingUpdate")) {
            causes.add(Cause.unsupported("spec.strategy.type", "\"" + type + "\": LayerX rolls every update "
                    + "(supported values: \"RollingUpdate\")"));
        }
    }

    private void job(JsonNode spec) {
        keys("spec", spec, JOB, JOB_UNSUPPORTED);
        count("spec.completions", spec.path("completions"));
        count("spec.parallelism", spec.path("parallelism"));
        count("spec.backoffLimit", spec.path("backoffLimit"));
        if (spec.has("selector")) selector("spec", spec, false);
        template("spec.template", spec.path("template"), Set.of("OnFailure", "Never"));
        if (!spec.path("template").path("spec").has("restartPolicy")) {
            causes.add(new Cause("spec.template.spec.restartPolicy", "FieldValueRequired",
                    "Required value: a job's pods restart \"OnFailure\" or \"Never\""));
        }
    }

    private void selector(String at, JsonNode spec, boolean required) {
        JsonNode sel = spec.path("selector");
        if (sel.isMissingNode() || sel.isNull()) {
            if (required) causes.add(Cause.required(at + ".selector"));
            return;
        }
        keys(at + ".selector", sel, SELECTOR, SELECTOR_UNSUPPORTED);
        JsonNode want = sel.path("matchLabels");
        if (!want.isObject() || want.isEmpty()) {
            causes.add(new Cause(at + ".selector", "FieldValueInvalid",
                    "Invalid value: empty selector is invalid for deployment"));
            return;
        }
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText())) {
                causes.add(new Cause(at + ".template.metadata.labels", "FieldValueInvalid",
                        "Invalid value: " + labels + ": `selector` does not match template `labels`"));
                return;
            }
        }
    }

    private void template(String at, JsonNode template, Set<String> restarts) {
        if (template.isMissingNode() || template.isNull()) {
            causes.add(Cause.required(at));
            return;
        }
        keys(at, template, TEMPLATE, Set.of());
        metadata(at + ".metadata", template.path("metadata"), false);
        pod(at + ".spec", template.path("spec"), restarts);
    }

    private void pod(String at, JsonNode spec, Set<String> restarts) {
        keys(at, spec, POD, POD_UNSUPPORTED);
        String restart = spec.path("restartPolicy").asText(restarts.contains("Always") ? "Always" : "");
        if (!restart.isEmpty() && !restarts.contains(restart)) {
            causes.add(Cause.unsupported(at + ".restartPolicy", "\"" + restart + "\": supported values: "
                    + String.join(", ", restarts.stream().sorted().map(r -> "\"" + r + "\"").toList())));
        }
        stringMap(at + ".nodeSelector", spec.path("nodeSelector"));
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            causes.add(Cause.required(at + ".containers"));
            return;
        }
        if (containers.size() > 1) {
            causes.add(new Cause(at + ".containers", "FieldValueTooMany", "Too many: " + containers.size()
                    + ": must have at most 1 items (LayerX runs one container per pod)"));
        }
        for (int i = 0; i < containers.size(); i++) container(at + ".containers[" + i + "]", containers.get(i));
    }

    private void container(String at, JsonNode c) {
        keys(at, c, CONTAINER, CONTAINER_UNSUPPORTED);
        String name = c.path("name").asText("");
        if (name.isEmpty()) causes.add(Cause.required(at + ".name"));
        else if (!DNS_LABEL.matcher(name).matches()) causes.add(Cause.invalid(at + ".name", name, "must be a DNS label"));
        String image = c.path("image").asText("");
        if (image.isBlank()) causes.add(Cause.required(at + ".image"));
        else if (image.equals(Workloads.EXEC_IMAGE) && c.path("command").isEmpty() && c.path("args").isEmpty()) {
            causes.add(new Cause(at + ".command", "FieldValueRequired", "Required value: the image "
                    + Workloads.EXEC_IMAGE + " runs the command as a process on the node"));
        }
        strings(at + ".command", c.path("command"));
        strings(at + ".args", c.path("args"));
        JsonNode env = c.path("env");
        for (int i = 0; i < env.size(); i++) {
            String e = at + ".env[" + i + "]";
            keys(e, env.get(i), ENV, ENV_UNSUPPORTED);
            if (env.get(i).path("name").asText("").isEmpty()) causes.add(Cause.required(e + ".name"));
        }
        JsonNode res = c.path("resources");
        keys(at + ".resources", res, RESOURCES, Set.of());
        for (String part : List.of("requests", "limits")) {
            JsonNode q = res.path(part);
            keys(at + ".resources." + part, q, QUANTITIES, Set.of());
            for (String dim : QUANTITIES) if (q.has(dim)) quantity(at + ".resources." + part + "." + dim, q.get(dim));
        }
    }

    /** A quantity as Kubernetes writes it ({@code 500m}, {@code 64Mi}, {@code 1}); null when it is not one. */
    static BigDecimal amount(JsonNode q) {
        try {
            BigDecimal v = Quantity.getAmountInBytes(new Quantity(q.asText()));
            return v.signum() < 0 ? null : v;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void quantity(String at, JsonNode q) {
        if (!q.isTextual() && !q.isNumber() || amount(q) == null) {
            causes.add(Cause.invalid(at, q.asText(), "must be a quantity such as 500m or 64Mi"));
        }
    }

    private void count(String at, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isIntegralNumber() || n.asLong() < 0) causes.add(Cause.invalid(at, n.toString(), "must be greater than or equal to 0"));
    }

    private void strings(String at, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isArray()) {
            causes.add(Cause.invalid(at, n.toString(), "must be a list of strings"));
            return;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) causes.add(Cause.invalid(at + "[" + i + "]", n.get(i).toString(), "must be a string"));
        }
    }

    private void stringMap(String at, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.isObject()) {
            causes.add(Cause.invalid(at, n.toString(), "must be a map of strings"));
            return;
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) causes.add(Cause.invalid(at + "." + e.getKey(), e.getValue().toString(), "must be a string"));
        });
    }

    /** Reports fields outside {@code known}: unsupported when Kubernetes has them, unknown otherwise. */
    private void keys(String at, JsonNode n, Set<String> known, Set<String> unsupported) {
        if (n.isMissingNode() || n.isNull()) return;
        String prefix = at.isEmpty() ? "" : at + ".";
        if (!n.isObject()) {
            causes.add(Cause.invalid(at.isEmpty() ? "<root>" : at, n.toString(), "must be an object"));
            return;
        }
        n.fieldNames().forEachRemaining(k -> {
            if (known.contains(k)) return;
            if (unsupported.contains(k)) {
                causes.add(Cause.unsupported(prefix + k, "LayerX does not carry out " + k + "; remove it"));
            } else {
                causes.add(Cause.unknown(prefix + k));
            }
        });
    }
}

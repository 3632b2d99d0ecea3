package io.layerx.provider.task.kube;

import java.util.List;

/** One resource LayerX's Kubernetes API serves, as discovery describes it. */
record Kind(String group, String version, String plural, String singular, String kind, boolean namespaced,
            List<String> verbs, List<String> shortNames) {

    private static final List<String> RW = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<String> RO = List.of("get", "list", "watch");

    static final Kind PODS = new Kind("", "v1", "pods", "pod", "Pod", true,
            List.of("create", "delete", "get", "list", "watch"), List.of("po"));
    static final Kind NAMESPACES = new Kind("", "v1", "namespaces", "namespace", "Namespace", false,
            List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("ns"));
    static final Kind NODES = new Kind("", "v1", "nodes", "node", "Node", false, RO, List.of("no"));
    static final Kind DEPLOYMENTS = new Kind("apps", "v1", "deployments", "deployment", "Deployment", true, RW,
            List.of("deploy"));
    static final Kind JOBS = new Kind("batch", "v1", "jobs", "job", "Job", true, RW, List.of());

    /** {@code apps/v1} or {@code v1}. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code deployments.apps} or {@code pods}, as errors name a resource. */
    String qualified() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The URL of the collection in {@code namespace} (ignored when not namespaced). */
    String path(String namespace) {
        String base = group.isEmpty() ? "/api/v1" : "/apis/" + apiVersion();
        return namespaced ? base + "/namespaces/" + namespace + "/" + plural : base + "/" + plural;
    }
}

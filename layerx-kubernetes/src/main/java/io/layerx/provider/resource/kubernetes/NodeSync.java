package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Task;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic probe of one cluster's API server, which is also the full resync of its nodes: lists the Kubernetes
 * nodes and writes what they mean to the pool (a new Ready, schedulable node joins; capacity, labels and state follow
 * the Kubernetes node; a deleted or NotReady node goes lost; a cordoned one drains). An API server that does not
 * answer for the cluster's grace makes every node of the cluster lost; when it answers again every task and pod of
 * the cluster is reconciled (pods of tasks replaced meanwhile are deleted).
 */
final class NodeSync {

    private static final Logger log = LoggerFactory.getLogger(NodeSync.class);
    /** The label a node gets while its Kubernetes node is cordoned: uncordoning puts it back to work. */
    static final String CORDONED_LABEL = "kubernetes.cordoned";
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final ProviderContext ctx;
    private final Store store;
    private final Map<String, KubeLink> links;
    private final Consumer<KubernetesProvider.TaskKey> enqueue;

    NodeSync(ProviderContext ctx, Store store, Map<String, KubeLink> links, Consumer<KubernetesProvider.TaskKey> enqueue) {
        this.ctx = ctx;
        this.store = store;
        this.links = links;
        this.enqueue = enqueue;
    }

    /** Probes and resyncs one cluster, then {@code next} schedules the following probe. */
    boolean reconcile(String cluster, Runnable next) {
        KubeLink link = links.get(cluster);
        if (link == null || link.closed()) return false;
        try {
            List<io.fabric8.kubernetes.api.model.Node> kube;
            try {
                kube = link.client().nodes().list().getItems();
            } catch (RuntimeException e) {
                if (!link.closed()) unreachable(link, e);
                return false;
            }
            Instant now = ctx.clock().instant();
            boolean back = link.answered(now);
            link.follow(p -> onPod(cluster, p));
            Optional<Cluster> c = ctx.view().read(v -> v.cluster(cluster).map(Versioned::value));
            if (c.isEmpty()) return false;
            sync(c.get(), kube, link.pods(), now);
            if (back) {
                log.info("cluster {}: the API server answers again; reconciling its pods", cluster);
                keysOf(link).forEach(enqueue);
            }
            return false;
        } finally {
            next.run();
        }
    }

    private void onPod(String cluster, Pod p) {
        if (!PodPlan.isOurs(p, cluster)) return;
        String node = p.getMetadata().getAnnotations().get(PodPlan.NODE_ANNOTATION);
        if (node != null) enqueue.accept(new KubernetesProvider.TaskKey(cluster, node, PodPlan.taskOf(p)));
    }

    private void sync(Cluster c, List<io.fabric8.kubernetes.api.model.Node> kube, List<Pod> pods, Instant now) {
        Map<String, Node> wanted = new HashMap<>();
        for (io.fabric8.kubernetes.api.model.Node kn : kube) {
            Node n = KubeNodes.toNode(c, kn, pods, now);
            wanted.put(n.name(), n);
        }
        List<String> ours = ctx.view().read(v -> v.nodes().stream().map(Versioned::value)
                .filter(n -> n.cluster().equals(c.name())).map(Node::name).toList());
        for (String name : ours) {
            Node w = wanted.remove(name);
            ctx.nodes().update(name, current -> merged(current, w)).ifPresent(n -> {
                if (n.state() == NodeState.LOST) log.warn("node {}: its Kubernetes node is {}; node lost", name, w == null ? "gone" : "not Ready");
            });
        }
        for (Node n : wanted.values()) {
            if (n.state() != NodeState.READY || c.removed().contains(n.name())) continue;
            String key = Keys.node(n.name());
            long rev = store.commit(Txn.builder().expectAbsent(key).put(key, Codec.encode(n)).build()).revision();
            ctx.view().awaitRevision(rev, CATCH_UP);
            log.info("node {}: Kubernetes node {} joined cluster {}", n.name(), KubeNodes.kubeName(c.name(), n.name()), c.name());
        }
    }

    /** What {@code current} becomes given its Kubernetes node ({@code null}: deleted); LayerX's own drain stays. */
    static Node merged(Node current, Node kube) {
        if (kube == null) return current.state() == NodeState.LOST ? current : current.withState(NodeState.LOST);
        boolean cordonedByUs = current.labels().containsKey(CORDONED_LABEL);
        NodeState state = switch (kube.state()) {
            case LOST -> NodeState.LOST;
            case READY -> current.state() == NodeState.LOST || current.state() == NodeState.DOWN
                    || current.state() == NodeState.DRAINING && cordonedByUs ? NodeState.READY : current.state();
            case DRAINING -> NodeState.DRAINING;
            case DOWN -> current.state();
        };
        Map<String, String> labels = new HashMap<>(kube.labels());
        if (kube.state() == NodeState.DRAINING && (current.state() != NodeState.DRAINING || cordonedByUs)) {
            labels.put(CORDONED_LABEL, "true");
        }
        return new Node(current.name(), current.cluster(), current.provider(), kube.capacity(), labels, state,
                kube.address(), current.portLow(), current.maxPorts(), current.joined());
    }

    private void unreachable(KubeLink link, RuntimeException e) {
        boolean wasReachable = link.reachable();
        Instant now = ctx.clock().instant();
        if (wasReachable) log.info("cluster {}: the API server does not answer: {}", link.cluster(), KubeErrors.message(e));
        if (!link.silentForGrace(now)) return;
        List<String> nodes = ctx.view().read(v -> v.nodes().stream().map(Versioned::value)
                .filter(n -> n.cluster().equals(link.cluster()) && n.state() != NodeState.LOST).map(Node::name).toList());
        for (String name : nodes) {
            ctx.nodes().update(name, n -> n.state() == NodeState.LOST ? n : n.withState(NodeState.LOST))
                    .ifPresent(n -> log.warn("node {}: the API server of cluster {} has not answered since {}: {}; node lost",
                            name, link.cluster(), link.lastAnswer(), KubeErrors.message(e)));
        }
    }

    /** Every task on the cluster's nodes and every LayerX pod of the cluster. */
    private List<KubernetesProvider.TaskKey> keysOf(KubeLink link) {
        List<KubernetesProvider.TaskKey> out = new ArrayList<>();
        for (Pod p : link.pods()) {
            if (!PodPlan.isOurs(p, link.cluster())) continue;
            String node = p.getMetadata().getAnnotations().get(PodPlan.NODE_ANNOTATION);
            if (node != null) out.add(new KubernetesProvider.TaskKey(link.cluster(), node, PodPlan.taskOf(p)));
        }
        ctx.view().read(v -> {
            for (Versioned<Node> n : v.nodes()) {
                if (!n.value().cluster().equals(link.cluster())) continue;
                for (Versioned<Task> t : v.tasksOnNode(n.value().name())) {
                    out.add(new KubernetesProvider.TaskKey(link.cluster(), n.value().name(), t.value().id()));
                }
            }
            return null;
        });
        return out;
    }
}

package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Task;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes clusters as LayerX clusters (kind {@code kubernetes}): every Ready, schedulable Kubernetes node is a
 * node of the pool, and a LayerX task placed there is a pod bound to it. The provider follows each cluster's nodes
 * by a periodic probe that is also their full resync ({@link NodeSync}) and its pods by an informer (list, watch,
 * resync), and carries out and reports the tasks of its nodes ({@link PodSync}). An API server that stops answering
 * for the grace makes the cluster's nodes lost; when it answers again, the pods of tasks replaced meanwhile are
 * deleted.
 */
public final class KubernetesProvider implements ResourceProvider {

    public static final String KIND = "kubernetes";
    private static final Logger log = LoggerFactory.getLogger(KubernetesProvider.class);
    private static final int WORKERS = 16;

    private final Store store;
    private final Map<String, KubeLink> links = new ConcurrentHashMap<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile ProviderContext ctx;
    private volatile WorkQueue<String> probes;
    private volatile WorkQueue<TaskKey> pods;

    /** A task's pod: the key of the pod loop. */
    record TaskKey(String cluster, String node, String taskId) {
    }

    /** @param store where the nodes that join a cluster after it was added are written */
    public KubernetesProvider(Store store) {
        this.store = store;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        KubeSettings s = KubeSettings.read(cluster, problems);
        if (!problems.isEmpty()) return problems;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(s.config()).build()) {
            try {
                client.nodes().list();
            } catch (RuntimeException e) {
                problems.add("the API server at " + client.getMasterUrl() + " does not answer a list of nodes: " + KubeErrors.message(e));
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The cluster's Ready, schedulable nodes now; none when its API server does not answer. */
    @Override
    public List<Node> nodesOf(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        KubeSettings s = KubeSettings.read(cluster, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        Instant now = cluster.created() != null ? cluster.created() : Instant.now();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(s.config()).build()) {
            List<io.fabric8.kubernetes.api.model.Node> kube = client.nodes().list().getItems();
            List<Pod> all = client.pods().inAnyNamespace().list().getItems();
            return kube.stream().map(kn -> KubeNodes.toNode(cluster, kn, all, now))
                    .filter(n -> n.state() == NodeState.READY).toList();
        } catch (RuntimeException e) {
            log.warn("cluster {}: cannot list its nodes: {}", cluster.name(), KubeErrors.message(e));
            return List.of();
        }
    }

    @Override
    public void start(ProviderContext context) {
        this.ctx = context;
        NodeSync nodeSync = new NodeSync(context, store, links, this::enqueue);
        PodSync podSync = new PodSync(context, links);
        this.probes = new WorkQueue<>("kubernetes-clusters", 4, Thread.ofVirtual().name("kube-cluster-", 0).factory(),
                name -> nodeSync.reconcile(name, () -> scheduleProbe(name)), context.timer(), null);
        this.pods = new WorkQueue<>("kubernetes-pods", WORKERS, Thread.ofVirtual().name("kube-pod-", 0).factory(),
                podSync::reconcile, context.timer(), null);
        context.view().addListener(this::onChange);
        probes.start();
        pods.start();
        refreshLinks();
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.TaskChanged t -> {
                Task any = t.after() != null ? t.after() : t.before();
                if (any.node() != null && any.cluster() != null) enqueue(new TaskKey(any.cluster(), any.node(), any.id()));
            }
            case Change.ClusterChanged c -> refreshLinks();
            case Change.Resynced r -> refreshLinks();
            case Change.NodeChanged n -> { }
            case Change.JobChanged j -> { }
        }
    }

    /** Keeps one {@link KubeLink} per kubernetes cluster in the view, and closes those whose cluster is gone. */
    private void refreshLinks() {
        refreshing.lock();
        try {
            Map<String, KubeSettings> wanted = new HashMap<>();
            ctx.view().read(v -> {
                for (Versioned<Cluster> vc : v.clusters()) {
                    if (KIND.equals(vc.value().kind())) wanted.put(vc.value().name(), KubeSettings.read(vc.value(), new ArrayList<>()));
                }
                return null;
            });
            wanted.forEach((name, s) -> {
                if (links.containsKey(name)) return;
                try {
                    links.put(name, new KubeLink(name, s, ctx.clock().instant()));
                    probes.enqueue(name);
                } catch (IllegalArgumentException e) {
                    log.warn("cluster {}: {}; its nodes are not followed", name, e.getMessage());
                }
            });
            for (String name : List.copyOf(links.keySet())) {
                if (!wanted.containsKey(name)) {
                    KubeLink gone = links.remove(name);
                    if (gone != null) gone.close();
                }
            }
        } finally {
            refreshing.unlock();
        }
    }

    private void scheduleProbe(String name) {
        KubeLink l = links.get(name);
        if (l == null || l.closed()) return;
        l.nextProbe(ctx.timer().schedule(l.settings().probe(), () -> probes.enqueue(name)));
    }

    private void enqueue(TaskKey key) {
        WorkQueue<TaskKey> q = pods;
        if (q != null && links.containsKey(key.cluster())) q.enqueue(key);
    }

    /** Deleting the pod is the pod loop's: it sees the task is not wanted on this node. */
    @Override
    public void kill(String node, Task task) {
        if (task.cluster() != null) enqueue(new TaskKey(task.cluster(), node, task.id()));
    }

    @Override
    public void close() {
        if (probes != null) probes.close();
        if (pods != null) pods.close();
        links.values().forEach(KubeLink::close);
        links.clear();
    }
}

package io.layerx.provider.resource.kubernetes;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.kubetest.MockKube;
import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kubernetes cluster (fabric8's mock API server in CRUD mode, with watches) under a real core on the in-memory
 * store. Nothing runs pods there: the test plays the kubelet by writing their status.
 */
class KubernetesProviderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NS = "layerx";

    private MockKube kube;
    private InMemoryStore store;
    private LayerXCore core;
    private ControlPlane cp;

    @BeforeEach
    void start() {
        kube = MockKube.start();
        kube.addNode("w1", 4000, 8192, Map.of("topology.kubernetes.io/zone", "eu-1a",
                "topology.kubernetes.io/region", "eu-1", "disk", "ssd"), List.of(new Taint("NoSchedule", "gpu", null, "true")));
        kube.addNode("w2", 2000, 4096, Map.of("topology.kubernetes.io/zone", "eu-1b"), List.of());
        store = new InMemoryStore();
        core = startCore();
    }

    private LayerXCore startCore() {
        LayerXCore c = LayerXCore.start(store, new CoreOptions(2, Duration.ofSeconds(30), InstantSource.system(),
                new SimpleMeterRegistry()), List.of(new KubernetesProvider(store)));
        cp = c.controlPlane();
        return c;
    }

    @AfterEach
    void stop() {
        if (core != null) core.close();
        store.close();
        kube.close();
    }

    private Cluster cluster(String name) {
        return new Cluster(name, "kubernetes", Map.of("site", "lab"), Map.of("kubeconfig", kube.kubeconfig(),
                "namespace", NS, "probeMs", "200", "graceMs", "1500", "resyncMs", "5000"), null);
    }

    private Node node(String name) {
        return cp.node(name).node();
    }

    private Optional<Pod> pod(String name) {
        return kube.pods(NS).stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst();
    }

    private Task onlyTask(String job) {
        return await().atMost(WAIT).until(() -> cp.tasks(new TaskFilter(job, null, null)), l -> l.size() == 1).getFirst();
    }

    private Task running(String id) {
        return await().atMost(WAIT).until(() -> cp.task(id), t -> t.state() == TaskState.RUNNING);
    }

    @Test
    void readyNodesJoinWithAllocatableLessForeignRequestsTheirLabelsTaintsAndZones() {
        kube.client().pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("dns")
                .endMetadata().withNewSpec().withNodeName("w1").addNewContainer().withName("dns").withImage("dns")
                .withNewResources().addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("1Gi"))
                .endResources().endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        kube.ready("w2", false);
        cp.addCluster(cluster("kc"));

        assertThat(cp.nodes("kc")).extracting(n -> n.node().name()).containsExactly("kc-w1");
        Node w1 = node("kc-w1");
        assertThat(w1.state()).isEqualTo(NodeState.READY);
        assertThat(w1.provider()).isEqualTo("kubernetes");
        assertThat(w1.capacity()).isEqualTo(new Resources(3500, 7168, 0));
        assertThat(w1.labels()).containsEntry("zone", "eu-1a").containsEntry("region", "eu-1").containsEntry("disk", "ssd")
                .containsEntry("taint.gpu", "true:NoSchedule").containsEntry("site", "lab")
                .containsEntry("driver.docker", "true").containsEntry("kubernetes.node", "w1");

        kube.ready("w2", true);
        Node w2 = await().atMost(WAIT).until(() -> cp.nodes("kc").stream().filter(n -> n.node().name().equals("kc-w2"))
                .findFirst(), Optional::isPresent).get().node();
        assertThat(w2.capacity()).isEqualTo(new Resources(2000, 4096, 0));
        assertThat(w2.labels()).containsEntry("zone", "eu-1b");
    }

    @Test
    void aClusterWithoutAKubeconfigOrWithAnUnknownContextIsRefusedWithEveryProblem() {
        Cluster bad = new Cluster("kx", "kubernetes", Map.of(), Map.of("namespace", "Not_A_Name", "probeMs", "x"), null);
        Assertions.assertThatThrownBy(() -> cp.addCluster(bad)).isInstanceOfSatisfying(LayerXException.Invalid.class,
                e -> assertThat(e.details()).hasSize(3).anySatisfy(p -> assertThat(p).contains("needs a kubeconfig"))
                        .anySatisfy(p -> assertThat(p).contains("namespace 'Not_A_Name'"))
                        .anySatisfy(p -> assertThat(p).contains("probeMs must be a whole number")));
        Cluster context = new Cluster("ky", "kubernetes", Map.of(), Map.of("kubeconfig", kube.kubeconfig(), "context", "prod"), null);
        Assertions.assertThatThrownBy(() -> cp.addCluster(context)).isInstanceOfSatisfying(LayerXException.Invalid.class,
                e -> assertThat(e.details()).containsExactly("the kubeconfig has no context 'prod'"));
        int closed = kube.port();
        kube.stop();
        Cluster silent = new Cluster("kz", "kubernetes", Map.of(), Map.of("kubeconfig", kube.kubeconfig()), null);
        Assertions.assertThatThrownBy(() -> cp.addCluster(silent)).isInstanceOfSatisfying(LayerXException.Invalid.class,
                e -> assertThat(e.details()).singleElement().asString()
                        .startsWith("the API server at http://127.0.0.1:" + closed + "/ does not answer a list of nodes: "));
        kube.restart();
    }

    @Test
    void aTaskBecomesAPodBoundToItsNodeAndItsContainerStatesAreTaskStates() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("web").replicas(1).cpu(250).memory(64).docker("nginx:1", "nginx", "-g", "daemon off;")
                .env("MODE", "prod").constraint("node.name == kc-w2").build());
        Task t = onlyTask("web");
        Pod p = await().atMost(WAIT).until(() -> pod(t.id()), Optional::isPresent).get();
        assertThat(p.getSpec().getNodeName()).isEqualTo("w2");
        assertThat(p.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(p.getMetadata().getLabels()).containsEntry("layerx.io/task", t.id()).containsEntry("layerx.io/job", "web")
                .containsEntry("layerx.io/cluster", "kc");
        var c = p.getSpec().getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("nginx:1");
        assertThat(c.getCommand()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODE=prod"));
        assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits())
                .containsEntry("cpu", new Quantity("250m")).containsEntry("memory", new Quantity("64Mi"));
        assertThat(cp.task(t.id()).state()).isIn(TaskState.ASSIGNED, TaskState.STARTING);

        kube.run(NS, t.id());
        running(t.id());
        kube.exit(NS, t.id(), 137, "OOMKilled");
        Task failed = await().atMost(WAIT).until(() -> cp.task(t.id()), x -> x.state() == TaskState.FAILED);
        assertThat(failed.reason()).startsWith("OOM killed");
        await().atMost(WAIT).until(() -> pod(t.id()).isEmpty());
    }

    @Test
    void anImageThatCannotBePulledFailsTheTaskWithTheKubeletsReason() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("bad").replicas(1).cpu(100).memory(32).docker("nope:missing").build());
        Task t = onlyTask("bad");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        kube.waiting(NS, t.id(), "ErrImagePull", "pull access denied for nope");
        Task failed = await().atMost(WAIT).until(() -> cp.task(t.id()), x -> x.state() == TaskState.FAILED);
        assertThat(failed.reason()).isEqualTo("image pull failed (ErrImagePull): pull access denied for nope");
    }

    @Test
    void stoppingAJobDeletesItsPodsAndABatchTaskExitsWithItsCode() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("batch").batch().replicas(1).cpu(100).memory(32).docker("busybox", "true").build());
        Task b = onlyTask("batch");
        await().atMost(WAIT).until(() -> pod(b.id()).isPresent());
        kube.exit(NS, b.id(), 0, "Completed");
        assertThat(await().atMost(WAIT).until(() -> cp.task(b.id()), x -> x.state() == TaskState.EXITED).exitCode()).isZero();

        cp.submitJob(aJob().named("svc").replicas(2).cpu(100).memory(32).docker("busybox", "sleep", "1d").build());
        List<Task> svc = await().atMost(WAIT).until(() -> cp.tasks(new TaskFilter("svc", null, null)), l -> l.size() == 2);
        svc.forEach(t -> await().atMost(WAIT).until(() -> pod(t.id()).isPresent()));
        svc.forEach(t -> kube.run(NS, t.id()));
        svc.forEach(t -> running(t.id()));
        cp.stopJob("svc");
        await().atMost(WAIT).until(() -> svc.stream().allMatch(t -> cp.task(t.id()).state() == TaskState.KILLED));
        await().atMost(WAIT).until(() -> svc.stream().allMatch(t -> pod(t.id()).isEmpty()));
    }

    @Test
    void aPodCreatedBeforeACrashIsAdoptedNotDuplicated() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("keep").replicas(1).cpu(100).memory(32).docker("busybox", "sleep", "1d").build());
        Task t = onlyTask("keep");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        core.close();
        core = null;
        kube.run(NS, t.id()); // the pod runs while LayerX is away, which still has the task as starting

        core = startCore();
        running(t.id());
        assertThat(kube.pods(NS)).hasSize(1);
        assertThat(cp.tasks(new TaskFilter("keep", null, null))).extracting(Task::id).containsExactly(t.id());
    }

    @Test
    void aResizeThatFitsPatchesThePodsResourcesInPlace() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("grow").replicas(1).cpu(200).memory(64).docker("busybox", "sleep", "1d").build());
        Task t = onlyTask("grow");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        kube.run(NS, t.id());
        running(t.id());
        cp.resizeTask(t.id(), 400L, 128L, false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(pod(t.id()).get().getSpec().getContainers().getFirst()
                .getResources().getLimits()).containsEntry("cpu", new Quantity("400m")).containsEntry("memory", new Quantity("128Mi")));
        assertThat(kube.pods(NS)).hasSize(1);
        assertThat(cp.task(t.id()).state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aResizeThatDoesNotFitItsNodeMigratesToAPodOnANodeWithRoom() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("big").replicas(1).cpu(500).memory(64).docker("busybox", "sleep", "1d")
                .prefer("node.name == kc-w2", 100).build());
        Task t = onlyTask("big");
        assertThat(t.node()).as("w2 (2000m) cannot take 3000m, w1 (4000m) can").isEqualTo("kc-w2");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        kube.run(NS, t.id());
        running(t.id());
        var resized = cp.resizeTask(t.id(), 3000L, null, false);
        assertThat(resized.inPlace()).isFalse();
        Task moved = resized.task();
        assertThat(moved.node()).isEqualTo("kc-w1");
        Pod p = await().atMost(WAIT).until(() -> pod(moved.id()), Optional::isPresent).get();
        assertThat(p.getSpec().getContainers().getFirst().getResources().getLimits()).containsEntry("cpu", new Quantity("3000m"));
        kube.run(NS, moved.id());
        running(moved.id());
        await().atMost(WAIT).until(() -> cp.task(t.id()).state() == TaskState.KILLED);
        await().atMost(WAIT).until(() -> pod(t.id()).isEmpty());
    }

    @Test
    void aDeletedKubeNodeGoesLostAndItsTaskIsReplacedOnAnotherNode() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("mv").replicas(1).cpu(100).memory(32).docker("busybox", "sleep", "1d")
                .constraint("node.name == kc-w1").build());
        Task t = onlyTask("mv");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        kube.run(NS, t.id());
        running(t.id());
        cp.submitJob(aJob().named("mv").replicas(1).cpu(100).memory(32).docker("busybox", "sleep", "1d").build());

        kube.deleteNode("w1");
        await().atMost(WAIT).until(() -> node("kc-w1").state() == NodeState.LOST);
        await().atMost(WAIT).until(() -> cp.task(t.id()).state() == TaskState.LOST);
        Task next = await().atMost(WAIT).until(() -> cp.tasks(new TaskFilter("mv", null, null)).stream()
                .filter(x -> !x.state().terminal()).findFirst(), Optional::isPresent).get();
        assertThat(next.node()).isEqualTo("kc-w2");
        Pod p = await().atMost(WAIT).until(() -> pod(next.id()), Optional::isPresent).get();
        assertThat(p.getSpec().getNodeName()).isEqualTo("w2");
        await().atMost(WAIT).until(() -> pod(t.id()).isEmpty());
    }

    @Test
    void anApiServerThatStopsAnsweringLosesItsNodesAndItsReplacedPodsAreDeletedOnItsReturn() {
        cp.addCluster(cluster("kc"));
        cp.submitJob(aJob().named("svc").replicas(1).cpu(100).memory(32).docker("busybox", "sleep", "1d").build());
        Task t = onlyTask("svc");
        await().atMost(WAIT).until(() -> pod(t.id()).isPresent());
        kube.run(NS, t.id());
        running(t.id());
        cp.addCluster(new Cluster("sims", "sim", Map.of(), Map.of("nodes", "1", "cpu", "4000", "memory", "8192",
                "startDelayMs", "10"), null));

        kube.stop();
        await().atMost(WAIT).until(() -> cp.nodes("kc").stream().allMatch(n -> n.node().state() == NodeState.LOST));
        Task elsewhere = await().atMost(WAIT).until(() -> cp.tasks(new TaskFilter("svc", null, TaskState.RUNNING)),
                l -> l.size() == 1 && !l.getFirst().id().equals(t.id())).getFirst();
        assertThat(elsewhere.cluster()).isEqualTo("sims");

        kube.restart();
        await().atMost(WAIT).until(() -> cp.nodes("kc").stream().allMatch(n -> n.node().state() == NodeState.READY));
        await().atMost(WAIT).until(() -> pod(t.id()).isEmpty());
        assertThat(cp.task(elsewhere.id()).state()).isEqualTo(TaskState.RUNNING);
    }
}

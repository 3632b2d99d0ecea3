package io.layerx.kubetest;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Kubernetes cluster for tests: fabric8's mock API server in CRUD mode (objects are kept, watches work) on a
 * free loopback port, a kubeconfig pointing at it, and the kubelet's part played by hand: nodes are created and
 * deleted, their Ready condition set, and pods' status written ({@link #run}, {@link #exit}, ...). Nothing runs the
 * pods. {@link #stop()} takes the API server away (the port closes) and {@link #restart()} brings it back on the same
 * port with the same objects.
 */
public final class MockKube implements AutoCloseable {

    private final KubernetesCrudDispatcher objects = new KubernetesCrudDispatcher();
    private final int port;
    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;

    private MockKube(int port) {
        this.port = port;
    }

    public static MockKube start() {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MockKube k = new MockKube(port);
        k.listen();
        return k;
    }

    private void listen() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), objects, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        client = server.createClient(b -> b.editOrNewConfig().withHttp2Disable(true).endConfig());
    }

    /** Takes the API server away: its port stops answering. */
    public void stop() {
        client.close();
        server.destroy();
    }

    /** Brings the API server back on the same port, with every object it had. */
    public void restart() {
        listen();
    }

    public int port() {
        return port;
    }

    /** A kubeconfig (its content) whose current context {@code mock} points at this API server. */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "http://127.0.0.1:%d"}
                users:
                - name: admin
                  user: {token: not-checked}
                contexts:
                - name: mock
                  context: {cluster: mock, user: admin, namespace: default}
                current-context: mock
                """.formatted(port);
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** Creates a Ready node with this allocatable cpu (millicores) and memory (MiB), labels and taints. */
    public Node addNode(String name, long cpu, long memory, Map<String, String> labels, List<Taint> taints) {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu + "m"))
                .addToAllocatable("memory", new Quantity(memory + "Mi"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0." + (name.hashCode() & 0x7f)).endAddress()
                .endStatus().build()).create();
    }

    /** Sets the node's Ready condition. */
    public void ready(String node, boolean ready) {
        client.nodes().withName(node).edit(n -> new NodeBuilder(n).editStatus().editMatchingCondition(c -> "Ready".equals(c.getType()))
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build());
    }

    public void deleteNode(String node) {
        client.nodes().withName(node).delete();
    }

    public List<Pod> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
    }

    /** Plays the kubelet: the pod's container runs. */
    public void run(String namespace, String pod) {
        status(namespace, pod, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().build());
    }

    /** Plays the kubelet: the pod's container ended with {@code code} and the kubelet's {@code reason}. */
    public void exit(String namespace, String pod, int code, String reason) {
        status(namespace, pod, code == 0 ? "Succeeded" : "Failed", new ContainerStateBuilder().withNewTerminated()
                .withExitCode(code).withReason(reason).endTerminated().build());
    }

    /** Plays the kubelet: the pod's container waits with {@code reason} (e.g. {@code ErrImagePull}). */
    public void waiting(String namespace, String pod, String reason, String message) {
        status(namespace, pod, "Pending", new ContainerStateBuilder().withNewWaiting().withReason(reason)
                .withMessage(message).endWaiting().build());
    }

    /**
     * Plays the kubelet of every node until closed: every pod of {@code namespace} that has no phase yet runs (it is
     * looked for every 100 ms).
     */
    public AutoCloseable kubelet(String namespace) {
        java.util.concurrent.ScheduledExecutorService every = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        every.scheduleWithFixedDelay(() -> {
            try {
                for (Pod p : pods(namespace)) {
                    if (p.getStatus() == null || p.getStatus().getPhase() == null) run(namespace, p.getMetadata().getName());
                }
            } catch (RuntimeException e) {
                // the pod went away meanwhile, or the API server is stopped: look again next time
            }
        }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        return every::shutdownNow;
    }

    private void status(String namespace, String pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
        client.pods().inNamespace(namespace).withName(pod).editStatus(p -> {
            p.setStatus(new PodStatusBuilder().withPhase(phase).withContainerStatuses(new ContainerStatusBuilder()
                    .withName("task").withImage(p.getSpec().getContainers().getFirst().getImage())
                    .withState(state).withReady("Running".equals(phase)).build()).build());
            return p;
        });
    }

    @Override
    public void close() {
        if (client != null) client.close();
        if (server != null) server.destroy();
    }
}

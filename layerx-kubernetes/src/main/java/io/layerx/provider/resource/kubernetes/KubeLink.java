package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.layerx.clock.Timer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The provider's connection to one cluster's API server: a client, an informer on every pod (LayerX's pods and the
 * others, whose requests are taken off their node's capacity), and when the API server last answered a probe.
 * Mutable state of one cluster, owned by the provider.
 */
final class KubeLink implements AutoCloseable {

    private final String cluster;
    private final KubeSettings settings;
    private final KubernetesClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SharedIndexInformer<Pod> pods;
    private volatile Instant lastAnswer;
    private volatile boolean reachable = true;
    private volatile Timer.Cancellable nextProbe;

    KubeLink(String cluster, KubeSettings settings, Instant now) {
        this.cluster = cluster;
        this.settings = settings;
        this.client = new KubernetesClientBuilder().withConfig(settings.config()).build();
        this.lastAnswer = now;
    }

    /** Starts following pods (list, then watch, with the settings' resync); {@code onPod} gets every pod event. */
    void follow(Consumer<Pod> onPod) {
        if (pods != null) return;
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(settings.resync().toMillis());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                onPod.accept(p);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                onPod.accept(after);
            }

            @Override
            public void onDelete(Pod p, boolean unknownFinalState) {
                onPod.accept(p);
            }
        });
        informer.start();
        pods = informer;
    }

    String cluster() {
        return cluster;
    }

    KubeSettings settings() {
        return settings;
    }

    KubernetesClient client() {
        return client;
    }

    /** Every pod the informer knows (empty until it has listed once). */
    List<Pod> pods() {
        SharedIndexInformer<Pod> p = pods;
        return p == null ? List.of() : p.getStore().list();
    }

    /** The task's pod as the informer last saw it. */
    java.util.Optional<Pod> pod(String taskId) {
        SharedIndexInformer<Pod> p = pods;
        return p == null ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(p.getStore().getByKey(settings.namespace() + "/" + taskId));
    }

    /** The API server answered: it is reachable; returns whether it was not before. */
    boolean answered(Instant now) {
        lastAnswer = now;
        boolean back = !reachable;
        reachable = true;
        return back;
    }

    /** The API server did not answer: whether it has been silent for the grace. */
    boolean silentForGrace(Instant now) {
        reachable = false;
        return !now.isBefore(lastAnswer.plus(settings.grace()));
    }

    boolean reachable() {
        return reachable;
    }

    Instant lastAnswer() {
        return lastAnswer;
    }

    void nextProbe(Timer.Cancellable c) {
        nextProbe = c;
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        Timer.Cancellable c = nextProbe;
        if (c != null) c.cancel();
        SharedIndexInformer<Pod> p = pods;
        if (p != null) p.close();
        client.close();
    }
}

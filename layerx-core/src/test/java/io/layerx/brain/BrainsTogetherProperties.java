package io.layerx.brain;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.Node;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.service.TaskFilter;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.testkit.Clusters;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An external brain and the built-in brains place at once, on real threads, over one pool. The external brain is
 * careless on purpose: it plans every round on its snapshot without counting its own earlier steps, so it keeps
 * proposing more than fits. Whatever the interleaving, no node ever holds more than its capacity and every task is
 * placed at most once.
 */
class BrainsTogetherProperties {

    @Property(tries = 8)
    void externalAndBuiltinBrainsNeverOverCommit(@ForAll @IntRange(min = 2, max = 6) int nodes,
                                                  @ForAll @IntRange(min = 1, max = 4) int jobs,
                                                  @ForAll long seed) throws Exception {
        InMemoryStore store = new InMemoryStore();
        try (LayerXCore core = LayerXCore.start(store, new CoreOptions(2, Duration.ofSeconds(30), InstantSource.system(),
                new SimpleMeterRegistry()))) {
            core.controlPlane().addCluster(Clusters.sim("pool", nodes, 2000, 4096));
            BrainGateway gw = core.controlPlane().brains();
            gw.register(new BrainRegistration("ext", Set.of(), Map.of(), Duration.ofMinutes(1)));
            Random random = new Random(seed);
            for (int j = 0; j < jobs; j++) {
                core.controlPlane().submitJob(aJob().named("ext-" + j).brain("ext").replicas(2 + random.nextInt(6))
                        .cpu(250 + 250L * random.nextInt(4)).build());
            }
            CompletableFuture<Void> external = CompletableFuture.runAsync(() -> careless(gw, store, seed));
            for (int j = 0; j < jobs; j++) {
                core.controlPlane().submitJob(aJob().named("own-" + j).replicas(2 + random.nextInt(6))
                        .cpu(250 + 250L * random.nextInt(4)).build());
            }
            external.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> core.controlPlane().jobs().stream()
                    .filter(j -> j.job().name().startsWith("own-"))
                    .allMatch(j -> core.controlPlane().tasks(new TaskFilter(j.job().name(), null, io.layerx.model.TaskState.PENDING)).isEmpty()
                            || !j.problems().isEmpty()));
            assertNotOverCommitted(store);
        } finally {
            store.close();
        }
    }

    /** Up to twenty rounds of plans that ignore their own earlier steps, until nothing more fits; checks the pool after each. */
    private static void careless(BrainGateway gw, InMemoryStore store, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        try {
            for (int round = 0; round < 20; round++) {
                BrainGateway.Work w = gw.work("ext", 0, Duration.ZERO);
                List<PlanStep> steps = new ArrayList<>();
                for (BrainGateway.JobWork j : w.jobs()) {
                    for (BrainGateway.PendingTask t : j.pending()) {
                        List<BrainGateway.NodeRoom> fits = w.nodes().stream().filter(n -> n.free().fits(t.resources())).toList();
                        if (!fits.isEmpty()) steps.add(new PlanStep.Place(t.id(), t.revision(), fits.get(random.nextInt(fits.size())).name()));
                    }
                }
                if (steps.isEmpty()) return;
                gw.submit("ext", steps);
                assertNotOverCommitted(store);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertNotOverCommitted(InMemoryStore store) {
        Map<String, Resources> held = new HashMap<>();
        for (KeyValue kv : store.list(Keys.TASKS).items()) {
            Task t = Codec.decode(kv.value(), Task.class);
            if (t.node() != null && t.state().holdsResources()) held.merge(t.node(), t.resources(), Resources::plus);
        }
        for (KeyValue kv : store.list(Keys.NODES).items()) {
            Node n = Codec.decode(kv.value(), Node.class);
            Resources used = held.getOrDefault(n.name(), Resources.ZERO);
            assertThat(n.capacity().fits(used)).as("%s holds %s of %s", n.name(), used, n.capacity()).isTrue();
        }
    }
}

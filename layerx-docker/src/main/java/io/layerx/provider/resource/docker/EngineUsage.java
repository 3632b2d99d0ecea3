package io.layerx.provider.resource.docker;

import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.snapshot.Versioned;
import io.layerx.usage.Counters;
import io.layerx.usage.TaskUsage;
import io.layerx.usage.UsageMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live use of a docker node's LayerX containers, read after every probe from the engine's one-shot stats: per
 * task cpu (the rate between this reading and the one before, over the engine's own read times, so a container
 * shows use from its second reading), working set, rss and pids, reported beside the tasks' reservations to the
 * pool's usage board, whose node entry sums them. dockerd answers a one-shot stats call only at its collector's next
 * tick (about 1 s, however many calls wait), so the calls of one node run at once on virtual threads, off the probe's
 * thread, and at most one measurement per node runs at a time (a probe that finds one running skips it). Foreign
 * containers are not measured.
 */
final class EngineUsage {

    private static final Logger log = LoggerFactory.getLogger(EngineUsage.class);

    private final ProviderContext ctx;

    EngineUsage(ProviderContext ctx) {
        this.ctx = ctx;
    }

    /** Starts measuring the node's running LayerX containers among {@code all}, unless a measurement runs. */
    void measure(EngineNode n, List<Engine.ContainerSummary> all, Resources capacity) {
        if (!n.startMeasuring()) return;
        Thread.ofVirtual().name("docker-usage-" + n.name()).start(() -> {
            try {
                measureNow(n, all, capacity);
            } catch (RuntimeException e) {
                log.warn("node {}: usage not measured: {}", n.name(), EngineErrors.message(e));
            } finally {
                n.doneMeasuring();
            }
        });
    }

    /** Reads every running LayerX container's stats at once and reports them with {@code capacity}. */
    private void measureNow(EngineNode n, List<Engine.ContainerSummary> all, Resources capacity) {
        Map<String, String> containerOf = new HashMap<>();
        for (Engine.ContainerSummary c : all) {
            String task = c.labels().get(ContainerPlan.TASK_LABEL);
            if (task != null && c.running() && n.name().equals(c.labels().get(ContainerPlan.NODE_LABEL))) {
                containerOf.put(task, c.id());
            }
        }
        List<Task> running = ctx.view().read(v -> containerOf.keySet().stream()
                .map(id -> v.task(id).map(Versioned::value)).flatMap(Optional::stream)
                .filter(t -> n.name().equals(t.node()) && t.state() == TaskState.RUNNING).toList());
        Map<String, Future<Optional<Counters>>> readings = new HashMap<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Task t : running) readings.put(t.id(), calls.submit(() -> reading(n, containerOf.get(t.id()), t.id())));
        }
        UsageMeter meter = n.meter();
        List<TaskUsage> measured = new ArrayList<>(running.size());
        long at = nanos(ctx.clock().instant());
        for (Task t : running) {
            readings.get(t.id()).resultNow().flatMap(c -> meter.read(t.id(), c, at))
                    .ifPresent(u -> measured.add(new TaskUsage(t.id(), t.job(), n.name(), t.resources(), u, null)));
        }
        meter.keepOnly(containerOf.keySet());
        if (!n.closed()) ctx.usage().report(n.name(), capacity, measured); // a removed node stays forgotten
    }

    /** The container's counters; empty when it has none (it stopped between the listing and this call). */
    private static Optional<Counters> reading(EngineNode n, String container, String task) {
        try {
            return n.engine().stats(container);
        } catch (RuntimeException e) {
            log.debug("task {}: no stats from engine {}: {}", task, n.endpoint().address(), EngineErrors.message(e));
            return Optional.empty();
        }
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}

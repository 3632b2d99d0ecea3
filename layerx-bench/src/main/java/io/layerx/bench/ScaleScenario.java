package io.layerx.bench;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Scale: {@code nodes} simulated nodes and {@code resident} running tasks held by the view, then {@code jobs} more
 * jobs placed on top. The resident tasks are written to the store before the core starts (as a restart after a
 * long life would find them), so the run measures what staying resident costs (heap after a full collection, the
 * time to load the view) and how fast placement is with all of it resident, not two million placements in a row.
 */
public final class ScaleScenario {

    static final Resources NODE = Resources.of(4_000, 16_384);
    static final Resources TASK = Resources.of(100, 128);
    private static final String CLUSTER = "scale";
    private static final int CHUNK = 5_000;

    public record Params(int nodes, int resident, int jobs, int jobSize, int brains) {
    }

    private ScaleScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        Jobs extra = Jobs.of("extra-", p.jobs(), p.jobSize(), TASK);
        long t0 = System.nanoTime();
        try (Rig rig = Rig.start(p.brains(), InstantSource.system(), store -> preload(store, p))) {
            double load = (System.nanoTime() - t0) / 1e9;
            long heapResident = Figures.heapUsedMib();
            Wave w = Wave.run(rig, extra, Duration.ofMinutes(30));
            long heapAfter = Figures.heapUsedMib();
            long resident = rig.core().view().read(v -> v.tasks().stream().filter(t -> t.value().state().holdsResources()).count());
            return w.figures("scale", extra).put("nodes", p.nodes()).put("resident_tasks", resident)
                    .put("preload_and_start_seconds", load).put("heap_used_mib", heapAfter)
                    .put("heap_used_resident_mib", heapResident).put("brains", p.brains()).put("store", "embedded");
        }
    }

    /** The cluster, jobs of 1,000 running tasks each, spread evenly over the nodes, in transactions of 5,000 keys. */
    private static void preload(Store store, Params p) {
        Instant now = Instant.now();
        Map<String, String> settings = Map.of("nodes", String.valueOf(p.nodes()), "cpu", String.valueOf(NODE.cpu()),
                "memory", String.valueOf(NODE.memory()), "startDelayMs", "3600000");
        Cluster cluster = new Cluster(CLUSTER, "sim", Map.of(), settings, now);
        store.commit(Txn.builder().put(Keys.cluster(CLUSTER), Codec.encode(cluster)).build());
        int width = Math.max(2, String.valueOf(p.nodes()).length());
        int perJob = 1_000;
        Txn.Builder txn = Txn.builder();
        int keys = 0;
        for (int j = 0; j * perJob < p.resident(); j++) {
            int n = Math.min(perJob, p.resident() - j * perJob);
            Job job = job("resident-" + j, n, now);
            txn.put(Keys.job(job.name()), Codec.encode(job));
            for (int s = 0; s < n; s++) {
                long i = (long) j * perJob + s;
                String node = CLUSTER + "-" + String.format("%0" + width + "d", i % p.nodes() + 1);
                Task t = Task.pending(job.name() + "-" + s, job, s, 0, now).assigned(node, CLUSTER, Map.of(), now)
                        .withState(TaskState.RUNNING, "", null, now);
                txn.put(Keys.task(t.id()), Codec.encode(t));
                if (++keys == CHUNK) {
                    store.commit(txn.build());
                    txn = Txn.builder();
                    keys = 0;
                }
            }
        }
        if (!txn.isEmpty()) store.commit(txn.build());
    }

    private static Job job(String name, int replicas, Instant now) {
        TaskSpec spec = new TaskSpec("exec", List.of("sleep", "3600"), null, Map.of(), TASK, List.of(), null);
        return new Job(name, JobType.SERVICE, replicas, Strategy.SPREAD, Job.DEFAULT_PRIORITY, Map.of(), List.of(), spec,
                0, false, 1, now, null);
    }
}

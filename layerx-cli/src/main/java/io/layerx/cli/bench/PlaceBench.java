package io.layerx.cli.bench;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.snapshot.Change;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.server.StoreChoice;
import io.layerx.store.KeyValue;
import io.layerx.store.Txn;
import io.layerx.store.etcd.EtcdOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The placement benchmark: a real core on the embedded store in a scratch folder (or on etcd under a scratch prefix),
 * one simulated cluster, jobs of up
 * to 1,000 tasks submitted through the control plane. The clock runs from the first submit until the last
 * placement is committed; a placement counts only once its transaction is durable (the view applies it from the
 * store's watch), and the total is checked against the store itself at the end.
 */
public final class PlaceBench {

    /** What one run is asked to do. */
    public record Params(int nodes, int tasks, int jobSize, int brains, long nodeCpu, long nodeMemory, long taskCpu,
                         long taskMemory, Strategy strategy) {
    }

    private PlaceBench() {
    }

    public static Map<String, Object> run(Params p) throws IOException, InterruptedException {
        return run(p, new StoreChoice.Embedded());
    }

    /**
     * As {@link #run(Params)}, on the given store: embedded in a scratch folder, or etcd under a fresh prefix below
     * the given one (deleted after the run).
     */
    public static Map<String, Object> run(Params p, StoreChoice choice) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("layerx-bench");
        StoreChoice scratch = switch (choice) {
            case StoreChoice.Embedded e -> e;
            case StoreChoice.Etcd e -> new StoreChoice.Etcd(new EtcdOptions(e.options().endpoints(),
                    e.options().prefix() + "/bench-" + Long.toHexString(System.nanoTime()),
                    e.options().requestTimeout()));
        };
        try (Store store = scratch.open(dir);
             LayerXCore core = LayerXCore.start(store, new CoreOptions(p.brains(), Duration.ofMinutes(10),
                     InstantSource.system(), new SimpleMeterRegistry()))) {
            core.controlPlane().addCluster(new Cluster("bench", "sim", Map.of(), Map.of("nodes", String.valueOf(p.nodes()),
                    "cpu", String.valueOf(p.nodeCpu()), "memory", String.valueOf(p.nodeMemory()),
                    "startDelayMs", String.valueOf(Duration.ofHours(1).toMillis())), null));
            CountDownLatch placed = new CountDownLatch(p.tasks());
            core.view().addListener(c -> {
                if (c instanceof Change.TaskChanged t && t.before() != null && t.before().pending()
                        && t.after() != null && t.after().state() == TaskState.ASSIGNED) {
                    placed.countDown();
                }
            });
            long start = System.nanoTime();
            int jobs = submit(core, p);
            boolean done = placed.await(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long committed = store.list(Keys.TASKS).items().stream()
                    .map(kv -> Codec.decode(kv.value(), Task.class)).filter(t -> t.node() != null).count();
            Map<String, Object> out = result(p, scratch instanceof StoreChoice.Etcd ? "etcd" : "embedded", jobs,
                    committed, seconds, done);
            out.put("heap_used_mib", heapUsedMib());
            return out;
        } finally {
            if (scratch instanceof StoreChoice.Etcd) {
                try (Store store = scratch.open(dir)) {
                    deleteAll(store);
                }
            }
            delete(dir);
        }
    }

    /** Deletes every key of a scratch etcd prefix, 5,000 at a time. */
    private static void deleteAll(Store store) {
        List<String> keys = store.list("").items().stream().map(KeyValue::key).toList();
        for (int i = 0; i < keys.size(); i += 5000) {
            Txn.Builder txn = Txn.builder();
            keys.subList(i, Math.min(i + 5000, keys.size())).forEach(txn::delete);
            store.commit(txn.build());
        }
    }

    private static int submit(LayerXCore core, Params p) {
        int jobs = 0;
        for (int left = p.tasks(); left > 0; left -= p.jobSize()) {
            int n = Math.min(p.jobSize(), left);
            TaskSpec spec = new TaskSpec("exec", List.of("sleep", "3600"), null, Map.of(),
                    Resources.of(p.taskCpu(), p.taskMemory()), List.of(), null);
            core.controlPlane().submitJob(new Job("bench-" + jobs, JobType.SERVICE, n, p.strategy(), 50, Map.of(),
                    List.of(), spec, 0, false, 0, null, null));
            jobs++;
        }
        return jobs;
    }

    private static Map<String, Object> result(Params p, String store, int jobs, long committed, double seconds,
                                              boolean done) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "place");
        out.put("store", store);
        out.put("nodes", p.nodes());
        out.put("tasks", p.tasks());
        out.put("jobs", jobs);
        out.put("brains", p.brains());
        out.put("strategy", p.strategy().wire());
        out.put("placements", committed);
        out.put("seconds", Math.round(seconds * 1000) / 1000.0);
        out.put("placements_per_second", Math.round(committed / seconds));
        out.put("complete", done && committed == p.tasks());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("java", Runtime.version().toString());
        return out;
    }

    /** Heap in use after a full collection, with the whole pool and its tasks still resident in the view. */
    private static long heapUsedMib() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}

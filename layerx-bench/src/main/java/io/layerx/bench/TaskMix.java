package io.layerx.bench;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A packing workload: one node shape and tasks of mixed sizes in arrival order. Resources carry cpu (millicores),
 * memory (MiB) and gpu (thousandths of a device: a share below 1000 must fit on one device, more is whole devices);
 * the node's gpu is 1000 per device ({@link #gpus}).
 *
 * @param arrivals the tasks in the order the source gives them (the trace's creation order)
 * @param skipped  tasks of the source that fit no node of this shape, left out
 */
record TaskMix(String source, Resources node, List<Resources> arrivals, int skipped) {

    static final String NODES_FILE = "openb_node_list_all_node.csv";

    /**
     * The arrivals as runs of equal consecutive tasks (size, count), in arrival order: one job per run places the
     * tasks in exactly the order they arrived.
     */
    List<Map.Entry<Resources, Integer>> runs() {
        List<Map.Entry<Resources, Integer>> out = new ArrayList<>();
        for (Resources r : arrivals) {
            if (!out.isEmpty() && out.getLast().getKey().equals(r)) {
                out.set(out.size() - 1, Map.entry(r, out.getLast().getValue() + 1));
            } else {
                out.add(Map.entry(r, 1));
            }
        }
        return out;
    }

    long tasks() {
        return arrivals.size();
    }

    /** Max over dimensions of ceil(total demand / node capacity). */
    long lowerBound() {
        long cpu = 0;
        long mem = 0;
        long gpu = 0;
        for (Resources r : arrivals) {
            cpu += r.cpu();
            mem += r.memory();
            gpu += r.gpu();
        }
        return Math.max(ceil(cpu, node.cpu()), Math.max(ceil(mem, node.memory()), ceil(gpu, node.gpu())));
    }

    /** GPU devices per node. */
    int gpus() {
        return (int) (node.gpu() / GpuShares.WHOLE);
    }

    /** The node's devices, all idle. */
    GpuShares idleGpus() {
        return GpuShares.idle(gpus());
    }

    private static long ceil(long total, long cap) {
        return cap <= 0 ? 0 : (total + cap - 1) / cap;
    }

    /**
     * The Alibaba GPU trace (cluster-trace-gpu-v2023) read from {@code dir}: the most common node shape of its node
     * list, and every task of {@code podList} (cpu_milli, memory_mib, num_gpu, gpu_milli: a GPU-sharing task asks
     * gpu_milli of one GPU, a multi-GPU task num_gpu whole GPUs).
     */
    static TaskMix trace(Path dir, String podList) {
        Resources node = commonNode(rows(dir.resolve(NODES_FILE)));
        List<Resources> arrivals = new ArrayList<>();
        int skipped = 0;
        List<Map<String, String>> pods = new ArrayList<>(rows(dir.resolve(podList)));
        pods.sort(Comparator.comparingLong(r -> Long.parseLong(r.getOrDefault("creation_time", "0"))));
        for (Map<String, String> r : pods) {
            int gpus = Integer.parseInt(r.get("num_gpu"));
            long gpu = gpus == 1 ? Long.parseLong(r.get("gpu_milli")) : gpus * 1000L;
            Resources t = new Resources(Long.parseLong(r.get("cpu_milli")), Long.parseLong(r.get("memory_mib")), 0, gpu);
            if (node.fits(t) && GpuShares.valid(gpu)) {
                arrivals.add(t);
            } else {
                skipped++;
            }
        }
        return new TaskMix("alibaba gpu-v2023 " + podList, node, arrivals, skipped);
    }

    private static Resources commonNode(List<Map<String, String>> nodes) {
        Map<Resources, Integer> count = new HashMap<>();
        for (Map<String, String> r : nodes) {
            count.merge(new Resources(Long.parseLong(r.get("cpu_milli")), Long.parseLong(r.get("memory_mib")), 0,
                    Long.parseLong(r.get("gpu")) * GpuShares.WHOLE), 1, Integer::sum);
        }
        return count.entrySet().stream().max(Map.Entry.<Resources, Integer>comparingByValue()
                .thenComparing(e -> e.getKey().cpu())).orElseThrow(() -> new IllegalArgumentException("no nodes in " + NODES_FILE)).getKey();
    }

    /** Rows of a CSV file with a header line, as header -> value. */
    static List<Map<String, String>> rows(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(file + " is empty");
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> out = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) row.put(header[i].trim(), cells[i].trim());
            out.add(row);
        }
        return out;
    }

    /**
     * Without a trace: {@code tasks} tasks of a seeded mix on 32-core, 128 GiB nodes: 0.25 to 8 cores, 1 to 8 GiB
     * per core, no GPU.
     */
    static TaskMix synthetic(int tasks, long seed) {
        long[] cpus = {250, 500, 1000, 2000, 4000, 8000};
        long[] gibPerCore = {1, 2, 4, 8};
        Random random = new Random(seed);
        List<Resources> arrivals = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            long cpu = cpus[random.nextInt(cpus.length)];
            long mem = Math.max(256, cpu * gibPerCore[random.nextInt(gibPerCore.length)] * 1024 / 1000);
            arrivals.add(Resources.of(cpu, mem));
        }
        return new TaskMix("synthetic seed " + seed, Resources.of(32_000, 131_072), arrivals, 0);
    }
}

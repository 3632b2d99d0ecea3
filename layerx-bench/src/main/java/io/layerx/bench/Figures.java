package io.layerx.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario's result, in the order it is printed: always {@code scenario}, {@code placements}, {@code seconds},
 * {@code placements_per_second}, then what the scenario adds (latency percentiles, nodes used, the peer's figures)
 * and the machine it ran on.
 */
public final class Figures {

    private final Map<String, Object> values = new LinkedHashMap<>();

    private Figures() {
    }

    public static Figures of(String scenario, long placements, double seconds) {
        Figures f = new Figures();
        f.values.put("scenario", scenario);
        f.values.put("placements", placements);
        f.values.put("seconds", round(seconds, 3));
        f.values.put("placements_per_second", seconds > 0 ? Math.round(placements / seconds) : 0);
        return f;
    }

    public Figures put(String key, Object value) {
        values.put(key, value instanceof Double d ? round(d, 3) : value);
        return this;
    }

    /** Adds {@code PREFIXp50_ms}, {@code PREFIXp99_ms} and {@code PREFIXp999_ms} from samples in nanoseconds. */
    public Figures percentiles(String prefix, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        put(prefix + "p50_ms", millis(percentile(sorted, 0.50)));
        put(prefix + "p99_ms", millis(percentile(sorted, 0.99)));
        put(prefix + "p999_ms", millis(percentile(sorted, 0.999)));
        return this;
    }

    /** The figures so far, read-only. */
    public Map<String, Object> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Cores and Java version; call last. */
    public Map<String, Object> withMachine() {
        values.put("cores", Runtime.getRuntime().availableProcessors());
        values.put("java", Runtime.version().toString());
        values.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        return values;
    }

    /** The nearest-rank percentile of sorted samples; 0 when there are none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double millis(long nanos) {
        return round(nanos / 1e6, 4);
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    /** Heap in use after a full collection: what stays resident. */
    static long heapUsedMib() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }
}

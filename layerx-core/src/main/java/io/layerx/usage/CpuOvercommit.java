package io.layerx.usage;

import io.layerx.model.Cluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-cluster option to over-commit cpu by observed use ({@code cpuOvercommitByUse: true}; off by default), and
 * its rule, as Borg reclaims resources: a running task with at least {@link #MIN_SAMPLES} use samples in the last
 * {@link CpuReclaim#WINDOW} lends {@code reservation - (peak + max(100m, 25% of peak))} (never less than 0), where
 * peak is its highest sample in that window; a task with fewer samples (just started, or its node does not report
 * use) lends nothing. A node's reclaimed cpu is what its tasks lend together; placement may fill capacity plus that.
 * So while every measured task stays under its peak plus margin, what runs on the node never needs more cpu than the
 * node has. Memory is never over-committed (going over it kills; going over cpu only slows).
 */
public final class CpuOvercommit {

    /** The cluster setting, common to every cluster kind (the core reads it, not the provider). */
    public static final String SETTING = "cpuOvercommitByUse";
    public static final int MIN_SAMPLES = 3;
    static final long MIN_MARGIN = 100;

    private CpuOvercommit() {
    }

    public static boolean on(Cluster c) {
        return c != null && "true".equalsIgnoreCase(c.settings().getOrDefault(SETTING, "").strip());
    }

    /** The problems of the setting's value (true or false), if it is given. */
    public static List<String> problems(Cluster c) {
        String raw = c.settings().get(SETTING);
        if (raw == null || raw.strip().equalsIgnoreCase("true") || raw.strip().equalsIgnoreCase("false")) return List.of();
        return List.of(SETTING + " must be true or false, got '" + raw + "'");
    }

    /** The cluster as its provider sees it: without the core's own settings. */
    public static Cluster providerPart(Cluster c) {
        if (!c.settings().containsKey(SETTING)) return c;
        Map<String, String> s = new LinkedHashMap<>(c.settings());
        s.remove(SETTING);
        return new Cluster(c.name(), c.kind(), c.labels(), s, c.created(), c.removed());
    }

    /** What one task lends: its cpu reservation less its recent peak and a margin; 0 with too few samples. */
    public static long lends(long reservedCpu, List<Long> recentCpu) {
        if (recentCpu.size() < MIN_SAMPLES) return 0;
        long peak = recentCpu.stream().mapToLong(Long::longValue).max().orElse(0);
        long keep = peak + Math.max(MIN_MARGIN, peak / 4);
        return Math.max(0, reservedCpu - keep);
    }

    /**
     * Whether a node's reclaimed cpu should be rewritten from {@code was} to {@code now}: any drop of 10m or more at
     * once (safety first), a rise only by at least max(100m, 5% of capacity) (so jittery use does not rewrite the node
     * every report).
     */
    public static boolean worthWriting(long was, long now, long capacityCpu) {
        if (now < was) return now == 0 || was - now >= 10;
        return now - was >= Math.max(100, capacityCpu / 20);
    }
}

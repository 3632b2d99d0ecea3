package io.layerx.usage;

import io.layerx.model.Resources;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Recommends a reservation from usage samples, as the VPA recommender does: lower bound the 50th, target the 90th
 * and upper bound the 95th percentile of what the tasks used, each with a {@link #MARGIN} of safety; memory is
 * never below the observed peak (memory cannot be throttled, only killed). Floors keep a target usable.
 */
public final class Recommender {
    public static final double MARGIN = 1.15;
    public static final long MIN_CPU = 10;
    public static final long MIN_MEMORY_MIB = 16;
    /** Fewer samples than this recommend nothing. */
    public static final int MIN_SAMPLES = 5;

    private Recommender() {
    }

    public static Optional<Recommendation> recommend(String job, Resources current, List<UsageHistory.Sample> samples) {
        if (samples.size() < MIN_SAMPLES) return Optional.empty();
        long[] cpu = samples.stream().mapToLong(UsageHistory.Sample::cpu).sorted().toArray();
        long[] mem = samples.stream().mapToLong(s -> (s.memory() + (1 << 20) - 1) >> 20).sorted().toArray();
        long cpuPeak = cpu[cpu.length - 1];
        long memPeak = mem[mem.length - 1];
        var cpuBounds = new Recommendation.Bounds(withMargin(cpu, 0.50, MIN_CPU), withMargin(cpu, 0.90, MIN_CPU),
                withMargin(cpu, 0.95, MIN_CPU), cpuPeak);
        long memTarget = Math.max(memPeak, withMargin(mem, 0.90, MIN_MEMORY_MIB));
        var memBounds = new Recommendation.Bounds(withMargin(mem, 0.50, MIN_MEMORY_MIB), memTarget,
                Math.max(memTarget, withMargin(mem, 0.95, MIN_MEMORY_MIB)), memPeak);
        var tasks = new HashSet<String>();
        samples.forEach(s -> tasks.add(s.task()));
        return Optional.of(new Recommendation(job, current, cpuBounds, memBounds, samples.size(), tasks.size(),
                samples.getFirst().at(), samples.getLast().at()));
    }

    /** The {@code q} quantile (nearest rank) with the margin, rounded up, at least {@code floor}. */
    static long withMargin(long[] sorted, double q, long floor) {
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        long v = sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        return Math.max(floor, (long) Math.ceil(v * MARGIN));
    }
}

package io.layerx.rebalance;

import io.layerx.model.LayerXException;
import io.layerx.model.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the rebalancer runs; off by default.
 *
 * @param mode           {@code BINPACK}: move work off the least-used nodes to free whole nodes; {@code SPREAD}: move
 *                       work from the most used node to the least used one to even out load
 * @param clusters       the clusters it may touch (empty: the whole pool)
 * @param movesPerMinute the budget: at most this many moves start in any minute
 * @param minGain        SPREAD only: the least difference of utilization (0..1) between the fullest and the
 *                       emptiest node worth a move; BINPACK moves only when a whole node can be freed
 * @param onArrival      BINPACK only, on or off with {@code enabled}: a binpack task that would open an idle node
 *                       may instead move one running task of a node in use to another, and take the room it leaves
 *                       (online packing with bounded migration, {@link io.layerx.scheduler.placement.Relocation});
 *                       within {@code clusters}, one move per arriving task, outside the budget
 */
public record RebalancerSettings(boolean enabled, Strategy mode, Set<String> clusters, int movesPerMinute, double minGain,
                                 boolean onArrival) {

    public static final RebalancerSettings OFF = new RebalancerSettings(false, Strategy.BINPACK, Set.of(), 30, 0.2, false);

    /** Without moves on arrival. */
    public RebalancerSettings(boolean enabled, Strategy mode, Set<String> clusters, int movesPerMinute, double minGain) {
        this(enabled, mode, clusters, movesPerMinute, minGain, false);
    }

    public RebalancerSettings {
        mode = mode == null ? Strategy.BINPACK : mode;
        clusters = clusters == null ? Set.of() : Set.copyOf(clusters);
        List<String> problems = new ArrayList<>();
        if (mode == Strategy.RANDOM) problems.add("mode must be binpack or spread");
        if (movesPerMinute < 1 || movesPerMinute > 10_000) problems.add("movesPerMinute must be between 1 and 10000, got " + movesPerMinute);
        if (minGain < 0 || minGain > 1) problems.add("minGain must be between 0 and 1, got " + minGain);
        if (onArrival && mode != Strategy.BINPACK) problems.add("onArrival needs mode binpack");
        if (!problems.isEmpty()) throw new LayerXException.Invalid("bad rebalancer settings", problems);
    }
}

package io.layerx.bench;

import io.layerx.bench.fenzo.FenzoRun;
import java.util.Map;

/** How a peer's figures sit next to LayerX's in one result. */
final class Peers {

    static final String FENZO = "fenzo-core 0.13.8";

    private Peers() {
    }

    /** Adds Fenzo's figures and the ratios LayerX / Fenzo (placements per second; nodes used). */
    static void put(Figures f, FenzoRun.Outcome o, long peerTasks, double goodEnough) {
        long rate = o.seconds() > 0 ? Math.round(o.placed() / o.seconds()) : 0;
        f.put("peer", FENZO)
                .put("peer_tasks", peerTasks)
                .put("peer_placements", o.placed())
                .put("peer_unplaced", o.unplaced())
                .put("peer_seconds", o.seconds())
                .put("peer_placements_per_second", rate)
                .put("peer_nodes_used", o.nodesUsed())
                .put("peer_fitness_good_enough", goodEnough)
                .put("peer_durable", false);
        Map<String, Object> v = f.values();
        boolean sameWork = ((Number) v.get("placements")).longValue() == peerTasks;
        // on part of the work (c1m: Fenzo places the first jobs only), compare with LayerX's rate over the same part
        Object ours = sameWork ? v.get("placements_per_second") : v.get("first_peer_tasks_placements_per_second");
        if (rate > 0 && ours instanceof Number n) f.put("ratio_placements_per_second", n.doubleValue() / rate);
        if (sameWork && v.get("nodes_used") instanceof Number u && o.nodesUsed() > 0) {
            f.put("ratio_nodes_used", u.doubleValue() / o.nodesUsed());
        }
    }
}

package io.layerx.scheduler.placement;

import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import io.layerx.usage.CpuOvercommit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The why-pending lines about cpu over-commit by use: for each cluster with the option on, how many of the nodes
 * that were short of room lend cpu beyond their capacity and how much, and how many lend nothing and why.
 */
final class ReclaimNotes {

    private ReclaimNotes() {
    }

    private static final class Tally {
        int nodes;
        int lending;
        long lent;
    }

    static List<String> of(View view, List<Node> roomless) {
        Map<String, Tally> byCluster = new TreeMap<>();
        for (Node n : roomless) {
            Cluster c = view.cluster(n.cluster()).map(Versioned::value).orElse(null);
            if (!CpuOvercommit.on(c)) continue;
            Tally t = byCluster.computeIfAbsent(n.cluster(), k -> new Tally());
            t.nodes++;
            if (n.reclaimedCpu() > 0) {
                t.lending++;
                t.lent += n.reclaimedCpu();
            }
        }
        List<String> out = new ArrayList<>();
        byCluster.forEach((cluster, t) -> {
            StringBuilder line = new StringBuilder("cluster " + cluster + " over-commits cpu by use: ");
            line.append(t.lending).append(" of the ").append(t.nodes).append(" node").append(t.nodes == 1 ? "" : "s")
                    .append(" short of room lend ").append(t.lent).append("m cpu beyond capacity (reservations less")
                    .append(" recent peak use and margin)");
            if (t.lending < t.nodes) {
                line.append("; ").append(t.nodes - t.lending).append(" lend").append(t.nodes - t.lending == 1 ? "s" : "")
                        .append(" nothing (fewer than ").append(CpuOvercommit.MIN_SAMPLES)
                        .append(" recent use samples per task, or use near reservation)");
            }
            out.add(line.append("; memory is never over-committed").toString());
        });
        return out;
    }
}

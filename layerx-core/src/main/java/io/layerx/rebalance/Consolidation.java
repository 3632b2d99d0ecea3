package io.layerx.rebalance;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Binpack's choice of the node to empty, over a snapshot of the pool: the least-used node in use whose every task
 * fits on the other nodes in use, its tasks largest first, each onto the fullest node with room for it, GPU
 * devices included (a share must fit on one device of the target, whole GPUs need idle devices). Room is measured
 * against what placement may fill ({@code Node.schedulable()}) less what is allocated and reserved, and each task
 * planned takes its room on the target before the next is planned, so a plan never over-commits a node and never
 * uses more nodes than before: it only moves tasks onto nodes already in use, and it empties its source.
 */
final class Consolidation {

    /** A task that could move: its id and the resources it holds. */
    record Piece(String id, Resources size) {
    }

    /**
     * A node in scope: its utilization, its free room and GPU devices, its tasks, and whether all of them may move
     * now.
     */
    record Host(String name, double use, Resources room, GpuShares gpus, List<Piece> pieces, boolean movable) {
    }

    record Move(String task, String target) {
    }

    private Consolidation() {
    }

    /**
     * The moves that empty one node, in order, or none when no node in use can be emptied onto the others.
     *
     * @param allowed whether a task (by id) may go to a node (by name): constraints, recent refusals
     */
    static List<Move> plan(List<Host> hosts, BiPredicate<String, String> allowed) {
        List<Host> inUse = new ArrayList<>(hosts.stream().filter(h -> !h.pieces().isEmpty()).toList());
        inUse.sort(Comparator.comparingDouble(Host::use).thenComparing(Host::name));
        for (Host source : inUse) {
            if (!source.movable()) continue;
            List<Host> targets = inUse.stream().filter(h -> h != source)
                    .sorted(Comparator.comparingDouble((Host h) -> -h.use()).thenComparing(Host::name)).toList();
            List<Move> moves = evacuate(source, targets, allowed);
            if (moves != null) return moves;
        }
        return List.of();
    }

    /** Where each task of {@code source} goes, or {@code null} when one of them fits on no target. */
    private static List<Move> evacuate(Host source, List<Host> targets, BiPredicate<String, String> allowed) {
        Map<String, Resources> room = new HashMap<>();
        Map<String, GpuShares> gpus = new HashMap<>();
        targets.forEach(h -> {
            room.put(h.name(), h.room());
            gpus.put(h.name(), h.gpus());
        });
        List<Piece> bySize = source.pieces().stream()
                .sorted(Comparator.comparingLong((Piece p) -> -size(p.size())).thenComparing(Piece::id)).toList();
        List<Move> moves = new ArrayList<>(bySize.size());
        for (Piece p : bySize) {
            Host to = targets.stream().filter(h -> room.get(h.name()).fits(p.size())
                    && gpus.get(h.name()).fits(p.size().gpu()) && allowed.test(p.id(), h.name())).findFirst().orElse(null);
            if (to == null) return null;
            room.merge(to.name(), p.size(), Resources::minus);
            gpus.put(to.name(), gpus.get(to.name()).take(p.size().gpu()));
            moves.add(new Move(p.id(), to.name()));
        }
        return moves;
    }

    /** The order of evacuation, largest first: millicores plus MiB plus thousandths of a GPU. */
    private static long size(Resources r) {
        return r.cpu() + r.memory() + r.gpu();
    }
}

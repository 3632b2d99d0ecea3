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
 * Binpack's choice of the node to empty, over a snapshot of the pool: among the {@link #SOURCES} least-used nodes
 * in use, the first whose every task fits on the other nodes in use, its tasks largest first, each onto the fullest
 * node with room for it, GPU devices included (a share must fit on one device of the target, whole GPUs need idle
 * devices). When a task fits on no node as they are, room is made for it: a movable task of a fuller node goes to
 * a third node with room, and the task takes its place (one step of a chain, not more). Room is measured against
 * what placement may fill ({@code Node.schedulable()}) less what is allocated and reserved, and each move planned
 * takes its room on its target and gives it back on the node it leaves before the next is planned, so a plan never
 * over-commits a node and never uses more nodes than before: it moves tasks only onto nodes already in use, and it
 * empties its source.
 */
final class Consolidation {

    /** How many of the least-used nodes are tried as the node to empty, per plan: a plan's cost stays bounded. */
    static final int SOURCES = 64;

    /**
     * A task on a node: its id, the resources it holds, the positions of the GPU devices it holds on its node,
     * and whether it may move now.
     */
    record Piece(String id, Resources size, List<Integer> devices, boolean movable) {
        Piece {
            devices = List.copyOf(devices);
        }
    }

    /** A node in scope: its utilization, its free room and GPU devices, its tasks. */
    record Host(String name, double use, Resources room, GpuShares gpus, List<Piece> pieces) {
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
        List<Host> fullestFirst = inUse.reversed();
        for (Host source : inUse.subList(0, Math.min(SOURCES, inUse.size()))) {
            if (!source.pieces().stream().allMatch(Piece::movable)) continue;
            List<Move> moves = new Evacuation(source, fullestFirst, allowed).run();
            if (moves != null) return moves;
        }
        return List.of();
    }

    /** One attempt at emptying {@code source}: the targets' room as the moves planned so far leave it. */
    private static final class Evacuation {
        private final Host source;
        private final List<Host> targets;
        private final BiPredicate<String, String> allowed;
        private final Map<String, Resources> room = new HashMap<>();
        private final Map<String, GpuShares> gpus = new HashMap<>();
        /** The tasks each target held at the start and still holds: the ones room can be made from. */
        private final Map<String, List<Piece>> held = new HashMap<>();
        private final List<Move> moves = new ArrayList<>();

        Evacuation(Host source, List<Host> fullestFirst, BiPredicate<String, String> allowed) {
            this.source = source;
            this.targets = fullestFirst.stream().filter(h -> h != source).toList();
            this.allowed = allowed;
            for (Host h : targets) {
                room.put(h.name(), h.room());
                gpus.put(h.name(), h.gpus());
                held.put(h.name(), new ArrayList<>(h.pieces()));
            }
        }

        /** @return the moves, or {@code null} when a task of the source fits nowhere */
        List<Move> run() {
            List<Piece> bySize = source.pieces().stream()
                    .sorted(Comparator.comparingLong((Piece p) -> -size(p.size())).thenComparing(Piece::id)).toList();
            for (Piece p : bySize) {
                Host to = firstWithRoom(p, null);
                if (to != null) {
                    take(to, p);
                } else if (!makeRoom(p)) {
                    return null;
                }
            }
            return moves;
        }

        private Host firstWithRoom(Piece p, Host except) {
            for (Host h : targets) {
                if (h != except && fits(room.get(h.name()), gpus.get(h.name()), p) && allowed.test(p.id(), h.name())) return h;
            }
            return null;
        }

        /** A task {@code q} of a target leaves for a third node so that {@code p} fits where it was. */
        private boolean makeRoom(Piece p) {
            for (Host t : targets) {
                if (!allowed.test(p.id(), t.name())) continue;
                for (Piece q : held.get(t.name())) {
                    if (!q.movable()) continue;
                    Resources without = room.get(t.name()).plus(q.size());
                    GpuShares devicesWithout = giveBack(gpus.get(t.name()), q);
                    if (!fits(without, devicesWithout, p)) continue;
                    Host third = firstWithRoom(q, t);
                    if (third == null) continue;
                    take(third, q);
                    room.put(t.name(), without);
                    gpus.put(t.name(), devicesWithout);
                    held.get(t.name()).remove(q);
                    take(t, p);
                    return true;
                }
            }
            return false;
        }

        private void take(Host to, Piece p) {
            room.merge(to.name(), p.size(), Resources::minus);
            gpus.put(to.name(), gpus.get(to.name()).take(p.size().gpu()));
            moves.add(new Move(p.id(), to.name()));
        }
    }

    private static boolean fits(Resources room, GpuShares devices, Piece p) {
        return room.fits(p.size()) && devices.fits(p.size().gpu());
    }

    /** The devices once {@code p} gave back what it holds on them. */
    static GpuShares giveBack(GpuShares devices, Piece p) {
        if (p.size().gpu() <= 0 || p.devices().isEmpty()) return devices;
        long[] free = new long[devices.devices()];
        for (int d = 0; d < free.length; d++) free[d] = devices.free(d);
        long each = p.size().gpu() / p.devices().size();
        for (int d : p.devices()) if (d >= 0 && d < free.length) free[d] = Math.min(GpuShares.WHOLE, free[d] + each);
        return GpuShares.of(free);
    }

    /** The order of evacuation, largest first: millicores plus MiB plus thousandths of a GPU. */
    private static long size(Resources r) {
        return r.cpu() + r.memory() + r.gpu();
    }
}

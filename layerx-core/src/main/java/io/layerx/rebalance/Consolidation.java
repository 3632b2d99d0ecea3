package io.layerx.rebalance;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Binpack's choice of the node to empty, over a snapshot of the pool: among the {@link #SOURCES} least-used nodes
 * in use, the first whose every task fits on the other nodes in use, its tasks largest first, each onto the fullest
 * node with room for it, GPU devices included (a share must fit on one device of the target, whole GPUs need idle
 * devices). When a task fits on no node as they are, room is made for it: a movable task of another node moves on
 * to a third node (or, in turn, makes room there the same way: up to {@link #CHAIN} steps), and the task takes its
 * place; an attempt that fails is rolled back, and one that exceeds {@link #BUDGET} room checks gives up. Room is measured against
 * what placement may fill ({@code Node.schedulable()}) less what is allocated and reserved, and each move planned
 * takes its room on its target and gives it back on the node it leaves before the next is planned, so a plan never
 * over-commits a node and never uses more nodes than before: it moves tasks only onto nodes already in use, and it
 * empties its source.
 */
final class Consolidation {

    /** How many of the least-used nodes are tried as the node to empty, per plan: a plan's cost stays bounded. */
    static final int SOURCES = 64;
    /** How many tasks may move on, one after the other, to make room for one task of the source. */
    static final int CHAIN = 1;
    /** Room checks one attempt at emptying a node may make before it gives up. */
    static final long BUDGET = 5_000_000;

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
        /** What to do to forget the latest changes, newest last: a chain that fails is rolled back. */
        private final List<Runnable> undo = new ArrayList<>();
        private final Map<Resources, List<Host>> roomFor = new HashMap<>();
        private long budget = BUDGET;

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

        /** @return the moves, or {@code null} when a task of the source fits nowhere (or the budget ran out) */
        List<Move> run() {
            List<Piece> bySize = source.pieces().stream()
                    .sorted(Comparator.comparingLong((Piece p) -> -size(p.size())).thenComparing(Piece::id)).toList();
            for (Piece p : bySize) if (!place(p, CHAIN, Set.of())) return null;
            return moves;
        }

        /**
         * Puts {@code p} on the fullest target with room, not one of {@code not}; else, {@code steps} allowing, lifts
         * a movable task of a target off it, places that one the same way (one step less) and puts {@code p} where
         * it was. A failed attempt is rolled back.
         */
        private boolean place(Piece p, int steps, Set<String> not) {
            for (Host h : withRoom(p)) {
                if (!not.contains(h.name()) && allowed.test(p.id(), h.name())) {
                    take(h, p);
                    return true;
                }
            }
            if (budget < 0) return false;
            if (steps == 0) return false;
            for (Host t : targets) {
                if (not.contains(t.name()) || !allowed.test(p.id(), t.name())) continue;
                for (Piece q : List.copyOf(held.get(t.name()))) {
                    if (--budget < 0) return false;
                    if (!q.movable()) continue;
                    Resources without = room.get(t.name()).plus(q.size());
                    GpuShares devicesWithout = giveBack(gpus.get(t.name()), q);
                    if (!fits(without, devicesWithout, p)) continue;
                    int mark = undo.size();
                    // Lifting q only grows t's room, and t takes nothing while room is sought for q: what withRoom
                    // remembers stays true for every other node.
                    keep(room, t.name(), without);
                    keep(gpus, t.name(), devicesWithout);
                    List<Piece> on = held.get(t.name());
                    int at = on.indexOf(q);
                    on.remove(at);
                    undo.add(() -> on.add(at, q));
                    Set<String> notThere = new HashSet<>(not);
                    notThere.add(t.name());
                    if (place(q, steps - 1, notThere)) {
                        take(t, p);
                        return true;
                    }
                    while (undo.size() > mark) undo.removeLast().run();
                    roomFor.clear();
                }
            }
            return false;
        }

        /**
         * The targets, fullest first, with room for a task of {@code p}'s size as the plan stands; remembered until
         * the plan changes, since most sizes that fit nowhere are asked again and again while room is sought.
         */
        private List<Host> withRoom(Piece p) {
            return roomFor.computeIfAbsent(p.size(), size -> {
                budget -= targets.size();
                List<Host> out = new ArrayList<>();
                for (Host h : targets) if (fits(room.get(h.name()), gpus.get(h.name()), p)) out.add(h);
                return out;
            });
        }

        private void take(Host to, Piece p) {
            set(room, to.name(), room.get(to.name()).minus(p.size()));
            set(gpus, to.name(), gpus.get(to.name()).take(p.size().gpu()));
            moves.add(new Move(p.id(), to.name()));
            undo.add(moves::removeLast);
        }

        private <V> void set(Map<String, V> map, String key, V value) {
            keep(map, key, value);
            roomFor.clear();
        }

        /** As {@link #set}, keeping what {@link #withRoom} remembers. */
        private <V> void keep(Map<String, V> map, String key, V value) {
            V before = map.put(key, value);
            undo.add(() -> map.put(key, before));
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

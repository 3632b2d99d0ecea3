package io.layerx.snapshot;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Nodes of each node class bucketed by free room (capacity less allocated and reserved), per dimension on a
 * power-of-two scale: a node whose free cpu is in [2^(b-1), 2^b) sits in cpu bucket b (0 for none), likewise for
 * memory, disk, the gpu sum, the idle GPU devices and the largest free share of one device; a cell is one
 * combination of buckets, and nodes that hold nothing have cells of their own, so that fullest-first walks every
 * node in use before an idle one (idle nodes are never refiled, so inside a shared cell they would come first).
 * A demand fits every node of a cell whose buckets are all
 * above the demand's, none of a cell with any bucket below, and is checked exactly only in the boundary cells.
 * Updated on every change of a node, its allocation or its reservations, so a query costs O(cells + nodes
 * returned), not O(nodes). A node moves to the back of its cell when its room changes, so passes that take the
 * first few nodes of a cell rotate through it.
 */
final class CapacityIndex {

    private static final int BITS = 7;

    private static final int DIMS = 6;
    /** The cell bit of nodes that hold nothing: fullest-first walks them after every node in use. */
    private static final long IDLE = 1L << 62;

    private record Entry(String classKey, long cell, Resources free, GpuShares gpus) {
        boolean fits(Resources demand) {
            return free.fits(demand) && gpus.fits(demand.gpu());
        }
    }

    private final Map<String, Map<Long, Set<String>>> cellsByClass = new HashMap<>();
    private final Map<String, Entry> byNode = new HashMap<>();

    /** Puts the node in the cell of its free room within its class, or takes it out ({@code classKey} null). */
    void update(String node, String classKey, Resources free, GpuShares gpus, boolean idle) {
        Entry before = classKey == null ? byNode.remove(node) : byNode.get(node);
        if (before != null) {
            Map<Long, Set<String>> cells = cellsByClass.get(before.classKey());
            Set<String> members = cells.get(before.cell());
            members.remove(node);
            if (members.isEmpty()) cells.remove(before.cell());
            if (cells.isEmpty()) cellsByClass.remove(before.classKey());
        }
        if (classKey == null) return;
        Entry now = new Entry(classKey, cellOf(free, gpus) | (idle ? IDLE : 0), free, gpus);
        byNode.put(node, now);
        cellsByClass.computeIfAbsent(classKey, k -> new HashMap<>())
                .computeIfAbsent(now.cell(), k -> new LinkedHashSet<>()).add(node);
    }

    /** The free room the index holds for the node ({@link Resources#ZERO} for a node it does not know). */
    Resources free(String node) {
        Entry e = byNode.get(node);
        return e == null ? Resources.ZERO : e.free();
    }

    /**
     * The class's nodes with at least {@code demand} free, lazily: cells ordered by their summed buckets, fullest
     * first or emptiest first.
     */
    /** The free share of each GPU device the index holds for the node. */
    GpuShares gpus(String node) {
        Entry e = byNode.get(node);
        return e == null ? GpuShares.NONE : e.gpus();
    }

    Iterator<String> withRoom(String classKey, Resources demand, boolean fullestFirst) {
        Map<Long, Set<String>> cells = cellsByClass.getOrDefault(classKey, Map.of());
        long want = demandCell(demand);
        List<Long> fitting = new ArrayList<>();
        for (long cell : cells.keySet()) if (atLeast(cell, want)) fitting.add(cell);
        Comparator<Long> order = Comparator.<Long>comparingInt(c -> (c & IDLE) != 0 ? 1 : 0)
                .thenComparingInt(CapacityIndex::weight);
        fitting.sort(fullestFirst ? order : order.reversed());
        return new RoomIterator(cells, fitting, want, demand);
    }

    void clear() {
        cellsByClass.clear();
        byNode.clear();
    }

    static int bucket(long amount) {
        return amount <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(amount);
    }

    /**
     * A node's cell: cpu, memory, disk and gpu sum buckets, then the GPU devices: idle devices (x 1000) and the
     * largest free share of one device.
     */
    private static long cellOf(Resources r, GpuShares g) {
        return cell(r.cpu(), r.memory(), r.disk(), r.gpu(), g.idle() * GpuShares.WHOLE, g.largest());
    }

    /** A demand's cell: whole devices need idle ones, a share needs one device with that much free. */
    private static long demandCell(Resources r) {
        boolean share = r.gpu() < GpuShares.WHOLE;
        return cell(r.cpu(), r.memory(), r.disk(), r.gpu(), share ? 0 : r.gpu(), share ? r.gpu() : 0);
    }

    private static long cell(long... amounts) {
        long c = 0;
        for (int i = 0; i < DIMS; i++) c |= (long) bucket(amounts[i]) << (i * BITS);
        return c;
    }

    private static int dim(long cell, int i) {
        return (int) (cell >>> (i * BITS) & ((1 << BITS) - 1));
    }

    private static int weight(long cell) {
        return dim(cell, 0) + dim(cell, 1) + dim(cell, 2) + dim(cell, 3);
    }

    private static boolean atLeast(long cell, long want) {
        for (int i = 0; i < DIMS; i++) if (dim(cell, i) < dim(want, i)) return false;
        return true;
    }

    /**
     * True when every node of the cell fits the demand without looking: above the demand's bucket everywhere (bucket
     * 0 holds both none and an over-committed negative figure, so a demand of 0 is checked there too).
     */
    private static boolean surely(long cell, long want) {
        for (int i = 0; i < DIMS; i++) if (dim(cell, i) == dim(want, i)) return false;
        return true;
    }

    private final class RoomIterator implements Iterator<String> {
        private final Map<Long, Set<String>> cells;
        private final List<Long> order;
        private final long want;
        private final Resources demand;
        private int at = -1;
        private boolean check;
        private Iterator<String> members = Collections.emptyIterator();
        private String next;

        RoomIterator(Map<Long, Set<String>> cells, List<Long> order, long want, Resources demand) {
            this.cells = cells;
            this.order = order;
            this.want = want;
            this.demand = demand;
            advance();
        }

        private void advance() {
            next = null;
            while (true) {
                while (members.hasNext()) {
                    String n = members.next();
                    if (!check || byNode.get(n).fits(demand)) {
                        next = n;
                        return;
                    }
                }
                if (++at >= order.size()) return;
                long cell = order.get(at);
                check = !surely(cell, want);
                members = cells.get(cell).iterator();
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public String next() {
            if (next == null) throw new NoSuchElementException();
            String out = next;
            advance();
            return out;
        }
    }
}

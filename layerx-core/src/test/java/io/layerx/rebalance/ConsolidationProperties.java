package io.layerx.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Binpack's consolidation plan on random pools of GPU nodes, replayed move by move: it empties exactly one node in
 * use, moves only movable tasks and only onto other nodes in use, never over-commits a target (cpu, memory, or one
 * GPU device), and so never uses more nodes than before.
 */
class ConsolidationProperties {

    private static final Resources NODE = new Resources(8000, 16384, 0, 4 * GpuShares.WHOLE);
    private static final long[] GPU = {0, 0, 250, 500, 800, 1000, 2000};

    @Property(tries = 500)
    void aPlanEmptiesOneNodeOntoNodesInUseWithoutOverCommitting(@ForAll @IntRange(min = 2, max = 9) int nodes,
                                                               @ForAll @IntRange(min = 1, max = 40) int tasks,
                                                               @ForAll long seed) {
        Random r = new Random(seed);
        List<Consolidation.Host> hosts = pool(nodes, tasks, r);
        Set<String> refused = Set.of("t" + r.nextInt(tasks) + "->n" + r.nextInt(nodes));
        List<Consolidation.Move> plan = Consolidation.plan(hosts, (t, n) -> !refused.contains(t + "->" + n));
        if (plan.isEmpty()) return;

        // Replay the plan move by move, from the tasks alone: each task leaves the node it is on and must fit on
        // its target (the node's shape less the tasks on it, devices as those tasks hold them) as the earlier moves
        // left it.
        Map<String, List<Consolidation.Piece>> on = new HashMap<>();
        Map<String, String> at = new HashMap<>();
        for (Consolidation.Host h : hosts) {
            on.put(h.name(), new ArrayList<>(h.pieces()));
            h.pieces().forEach(p -> at.put(p.id(), h.name()));
        }
        Set<String> inUseBefore = Set.copyOf(at.values());
        for (Consolidation.Move m : plan) {
            String from = at.get(m.task());
            Consolidation.Piece p = on.get(from).stream().filter(x -> x.id().equals(m.task())).findFirst().orElseThrow();
            assertThat(p.movable()).as("%s may move", p.id()).isTrue();
            assertThat(m.target()).isNotEqualTo(from);
            assertThat(inUseBefore).as("a target already in use").contains(m.target());
            assertThat(refused).doesNotContain(m.task() + "->" + m.target());
            on.get(from).remove(p);
            List<Consolidation.Piece> there = on.get(m.target());
            List<Integer> devices = devices(there).choose(p.size().gpu());
            assertThat(room(there).fits(p.size())).as("room on %s for %s", m.target(), p.id()).isTrue();
            assertThat(devices).as("a device on %s for %s", m.target(), p.id()).isNotNull();
            there.add(new Consolidation.Piece(p.id(), p.size(), devices, true));
            at.put(p.id(), m.target());
        }
        Set<String> inUseAfter = Set.copyOf(at.values());
        assertThat(inUseAfter).hasSize(inUseBefore.size() - 1);
        assertThat(inUseBefore).containsAll(inUseAfter);
    }

    @Example
    void aTaskLiftedGivesBackOnlyItsOwnShareOfItsDevice() {
        // b's device 0 has 200 free and holds q's 300 and x's 500: without q it has 500, not enough for s's 700
        // (b's gpu sum, 800 without q, would be).
        Consolidation.Host a = new Consolidation.Host("a", 0.1, NODE.minus(new Resources(1000, 1024, 0, 700)),
                GpuShares.of(300, 1000, 1000, 1000), List.of(piece("s", 1000, 1024, 700, true)));
        Consolidation.Host b = new Consolidation.Host("b", 0.9, new Resources(4000, 8192, 0, 500),
                GpuShares.of(200, 300, 0, 0), List.of(piece("q", 1000, 1024, 300, true), piece("x", 1000, 1024, 500, false),
                        new Consolidation.Piece("r", new Resources(2000, 6144, 0, 2700), List.of(1, 2, 3), false)));
        Consolidation.Host c = new Consolidation.Host("c", 0.8, new Resources(4000, 8192, 0, 400),
                GpuShares.of(400, 0, 0, 0), List.of(new Consolidation.Piece("y", new Resources(4000, 8192, 0, 3600),
                        List.of(0, 1, 2, 3), false)));
        assertThat(Consolidation.plan(List.of(a, b, c), (t, n) -> true)).isEmpty();
    }

    /** The node's shape less what {@code pieces} hold. */
    private static Resources room(List<Consolidation.Piece> pieces) {
        Resources r = NODE;
        for (Consolidation.Piece p : pieces) r = r.minus(p.size());
        return r;
    }

    /** The node's 4 devices as {@code pieces} hold them. */
    private static GpuShares devices(List<Consolidation.Piece> pieces) {
        GpuShares g = GpuShares.idle(4);
        for (Consolidation.Piece p : pieces) g = g.minus(p.devices(), p.size().gpu());
        return g;
    }

    @Example
    void aShareGoesOnlyWhereOneDeviceHoldsIt() {
        // The target's gpu sum (2 x 300) would hold a share of 500, but no one device does: the old check, on sums,
        // moved it. The targets' own tasks are pinned here, so only the source can be emptied.
        Consolidation.Host source = new Consolidation.Host("a", 0.1, NODE.minus(new Resources(1000, 1000, 0, 500)),
                GpuShares.of(500, 1000, 1000, 1000), List.of(piece("s", 1000, 1000, 500, true)));
        Consolidation.Host split = new Consolidation.Host("b", 0.9, new Resources(4000, 8000, 0, 600),
                GpuShares.of(300, 300, 0, 0), List.of(piece("x", 4000, 8384, 0, false)));
        assertThat(Consolidation.plan(List.of(source, split), (t, n) -> true)).isEmpty();

        Consolidation.Host whole = new Consolidation.Host("c", 0.5, new Resources(4000, 8000, 0, 600),
                GpuShares.of(600, 0, 0, 0), List.of(piece("y", 4000, 8384, 0, false)));
        assertThat(Consolidation.plan(List.of(source, split, whole), (t, n) -> true))
                .containsExactly(new Consolidation.Move("s", "c"));
    }

    @Example
    void aNodeWithATaskThatMayNotMoveIsNotEmptied() {
        Consolidation.Host pinned = new Consolidation.Host("a", 0.1, NODE.minus(new Resources(1000, 1000, 0, 0)),
                GpuShares.idle(4), List.of(piece("p", 1000, 1000, 0, false)));
        Consolidation.Host full = new Consolidation.Host("b", 0.5, new Resources(4000, 8000, 0, 4000),
                GpuShares.idle(4), List.of(piece("q", 4000, 8384, 0, true)));
        assertThat(Consolidation.plan(List.of(pinned, full), (t, n) -> true))
                .containsExactly(new Consolidation.Move("q", "a"));
    }

    @Example
    void aTaskOfAFullerNodeMovesOnToMakeRoom() {
        // s (3000 cpu) fits neither b (2000 free) nor c (2500 free) as they are; once b's task q (1000) moves to c,
        // it fits on b: q to c, then s to b, and a is empty.
        Consolidation.Host a = new Consolidation.Host("a", 0.4, new Resources(5000, 8192, 0, 0), GpuShares.idle(4),
                List.of(piece("s", 3000, 1024, 0, true)));
        Consolidation.Host b = new Consolidation.Host("b", 0.75, new Resources(2000, 8192, 0, 0), GpuShares.idle(4),
                List.of(piece("q", 1000, 1024, 0, true), piece("r", 5000, 1024, 0, true)));
        Consolidation.Host c = new Consolidation.Host("c", 0.7, new Resources(2500, 8192, 0, 0), GpuShares.idle(4),
                List.of(piece("u", 5500, 1024, 0, true)));
        assertThat(Consolidation.plan(List.of(a, b, c), (t, n) -> true))
                .containsExactly(new Consolidation.Move("q", "c"), new Consolidation.Move("s", "b"));
    }

    /** Nodes of {@link #NODE}'s shape, random tasks placed first-fit (devices tracked), some nodes left idle. */
    private static List<Consolidation.Host> pool(int nodes, int tasks, Random r) {
        Resources[] room = new Resources[nodes];
        GpuShares[] gpus = new GpuShares[nodes];
        List<List<Consolidation.Piece>> pieces = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            room[i] = NODE;
            gpus[i] = GpuShares.idle(4);
            pieces.add(new ArrayList<>());
        }
        for (int t = 0; t < tasks; t++) {
            Resources need = new Resources(250L * (1 + r.nextInt(12)), 512L * (1 + r.nextInt(12)), 0, GPU[r.nextInt(GPU.length)]);
            for (int i = 0; i < nodes; i++) {
                List<Integer> devices = gpus[i].choose(need.gpu());
                if (room[i].fits(need) && devices != null) {
                    room[i] = room[i].minus(need);
                    gpus[i] = gpus[i].minus(devices, need.gpu());
                    pieces.get(i).add(new Consolidation.Piece("t" + t, need, devices, r.nextInt(8) != 0));
                    break;
                }
            }
        }
        List<Consolidation.Host> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            double use = Math.max(1 - (double) room[i].cpu() / NODE.cpu(), 1 - (double) room[i].memory() / NODE.memory());
            out.add(new Consolidation.Host("n" + i, use, room[i], gpus[i], pieces.get(i)));
        }
        return out;
    }

    private static Consolidation.Piece piece(String id, long cpu, long memory, long gpu, boolean movable) {
        return new Consolidation.Piece(id, new Resources(cpu, memory, 0, gpu), gpu > 0 ? List.of(0) : List.of(), movable);
    }
}

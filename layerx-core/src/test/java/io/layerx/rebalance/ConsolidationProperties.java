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
import java.util.stream.Collectors;
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

        // Replay the plan move by move: each task leaves the node it is on (giving back its room and devices)
        // and must fit on its target as the earlier moves left it.
        Map<String, Consolidation.Host> byName = hosts.stream().collect(Collectors.toMap(Consolidation.Host::name, h -> h));
        Map<String, Resources> room = new HashMap<>();
        Map<String, GpuShares> gpus = new HashMap<>();
        Map<String, String> at = new HashMap<>();
        Map<String, Consolidation.Piece> pieces = new HashMap<>();
        for (Consolidation.Host h : hosts) {
            room.put(h.name(), h.room());
            gpus.put(h.name(), h.gpus());
            for (Consolidation.Piece p : h.pieces()) {
                at.put(p.id(), h.name());
                pieces.put(p.id(), p);
            }
        }
        Set<String> inUseBefore = Set.copyOf(at.values());
        for (Consolidation.Move m : plan) {
            Consolidation.Piece p = pieces.get(m.task());
            String from = at.get(m.task());
            assertThat(p.movable()).as("%s may move", p.id()).isTrue();
            assertThat(m.target()).isNotEqualTo(from);
            assertThat(inUseBefore).as("a target already in use").contains(m.target());
            assertThat(refused).doesNotContain(m.task() + "->" + m.target());
            room.put(from, room.get(from).plus(p.size()));
            gpus.put(from, Consolidation.giveBack(gpus.get(from), p));
            List<Integer> devices = gpus.get(m.target()).choose(p.size().gpu());
            assertThat(room.get(m.target()).fits(p.size())).as("room on %s for %s", m.target(), p.id()).isTrue();
            assertThat(devices).as("a device on %s for %s", m.target(), p.id()).isNotNull();
            room.put(m.target(), room.get(m.target()).minus(p.size()));
            gpus.put(m.target(), gpus.get(m.target()).minus(devices, p.size().gpu()));
            at.put(p.id(), m.target());
            pieces.put(p.id(), new Consolidation.Piece(p.id(), p.size(), devices, true));
        }
        for (GpuShares g : gpus.values()) for (int d = 0; d < g.devices(); d++) assertThat(g.free(d)).isBetween(0L, GpuShares.WHOLE);
        Set<String> inUseAfter = Set.copyOf(at.values());
        assertThat(inUseAfter).hasSize(inUseBefore.size() - 1);
        assertThat(inUseBefore).containsAll(inUseAfter);
        assertThat(byName).containsKeys(inUseAfter.toArray(String[]::new));
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

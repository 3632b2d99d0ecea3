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
 * Binpack's consolidation plan on random pools of GPU nodes: it empties exactly one node in use, moves only onto
 * other nodes in use, never over-commits a target (cpu, memory, or one GPU device), and so never uses more nodes
 * than before.
 */
class ConsolidationProperties {

    private static final Resources NODE = new Resources(8000, 16384, 0, 4 * GpuShares.WHOLE);
    private static final long[] GPU = {0, 0, 250, 500, 800, 1000, 2000};

    @Property(tries = 300)
    void aPlanEmptiesOneNodeOntoNodesInUseWithoutOverCommitting(@ForAll @IntRange(min = 2, max = 9) int nodes,
                                                               @ForAll @IntRange(min = 1, max = 40) int tasks,
                                                               @ForAll long seed) {
        Random r = new Random(seed);
        List<Consolidation.Host> hosts = pool(nodes, tasks, r);
        Set<String> refused = Set.of("t" + r.nextInt(tasks) + "->n" + r.nextInt(nodes));
        List<Consolidation.Move> plan = Consolidation.plan(hosts, (t, n) -> !refused.contains(t + "->" + n));

        Map<String, Consolidation.Host> byName = hosts.stream().collect(Collectors.toMap(Consolidation.Host::name, h -> h));
        long inUseBefore = hosts.stream().filter(h -> !h.pieces().isEmpty()).count();
        if (plan.isEmpty()) return;
        Consolidation.Host source = hosts.stream().filter(h -> h.pieces().stream()
                .anyMatch(p -> p.id().equals(plan.getFirst().task()))).findFirst().orElseThrow();
        assertThat(plan).extracting(Consolidation.Move::task)
                .containsExactlyInAnyOrderElementsOf(source.pieces().stream().map(Consolidation.Piece::id).toList());
        assertThat(source.movable()).isTrue();
        Map<String, Resources> size = new HashMap<>();
        source.pieces().forEach(p -> size.put(p.id(), p.size()));
        Map<String, Resources> room = new HashMap<>();
        Map<String, GpuShares> gpus = new HashMap<>();
        for (Consolidation.Move m : plan) {
            Consolidation.Host to = byName.get(m.target());
            assertThat(to).isNotSameAs(source);
            assertThat(to.pieces()).as("a target already in use").isNotEmpty();
            assertThat(refused).doesNotContain(m.task() + "->" + m.target());
            Resources need = size.get(m.task());
            Resources left = room.getOrDefault(to.name(), to.room());
            GpuShares devices = gpus.getOrDefault(to.name(), to.gpus());
            assertThat(left.fits(need)).as("room on %s for %s", to.name(), m.task()).isTrue();
            assertThat(devices.fits(need.gpu())).as("a device on %s for %s", to.name(), m.task()).isTrue();
            room.put(to.name(), left.minus(need));
            gpus.put(to.name(), devices.take(need.gpu()));
        }
        for (GpuShares g : gpus.values()) for (int d = 0; d < g.devices(); d++) assertThat(g.free(d)).isNotNegative();
        Set<String> inUseAfter = hosts.stream().filter(h -> !h.pieces().isEmpty() && h != source)
                .map(Consolidation.Host::name).collect(Collectors.toSet());
        plan.forEach(m -> inUseAfter.add(m.target()));
        assertThat(inUseAfter).hasSize((int) inUseBefore - 1);
    }

    @Example
    void aShareGoesOnlyWhereOneDeviceHoldsIt() {
        // The target's gpu sum (2 x 300) would hold a share of 500, but no one device does: the old check, on sums,
        // moved it. The targets' own tasks are pinned here, so only the source can be emptied.
        Consolidation.Host source = new Consolidation.Host("a", 0.1, NODE.minus(new Resources(1000, 1000, 0, 500)),
                GpuShares.of(500, 1000, 1000, 1000), List.of(piece("s", 1000, 1000, 500)), true);
        Consolidation.Host split = new Consolidation.Host("b", 0.9, new Resources(4000, 8000, 0, 600),
                GpuShares.of(300, 300, 0, 0), List.of(piece("x", 4000, 8384, 3400)), false);
        assertThat(Consolidation.plan(List.of(source, split), (t, n) -> true)).isEmpty();

        Consolidation.Host whole = new Consolidation.Host("c", 0.5, new Resources(4000, 8000, 0, 600),
                GpuShares.of(600, 0, 0, 0), List.of(piece("y", 4000, 8384, 3400)), false);
        assertThat(Consolidation.plan(List.of(source, split, whole), (t, n) -> true))
                .containsExactly(new Consolidation.Move("s", "c"));
    }

    @Example
    void aNodeWithATaskThatMayNotMoveIsNotEmptied() {
        Consolidation.Host pinned = new Consolidation.Host("a", 0.1, NODE.minus(new Resources(1000, 1000, 0, 0)),
                GpuShares.idle(4), List.of(piece("p", 1000, 1000, 0)), false);
        Consolidation.Host full = new Consolidation.Host("b", 0.5, new Resources(4000, 8000, 0, 4000),
                GpuShares.idle(4), List.of(piece("q", 4000, 8384, 0)), true);
        assertThat(Consolidation.plan(List.of(pinned, full), (t, n) -> true))
                .containsExactly(new Consolidation.Move("q", "a"));
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
                if (room[i].fits(need) && gpus[i].fits(need.gpu())) {
                    room[i] = room[i].minus(need);
                    gpus[i] = gpus[i].take(need.gpu());
                    pieces.get(i).add(new Consolidation.Piece("t" + t, need));
                    break;
                }
            }
        }
        List<Consolidation.Host> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            double use = Math.max(1 - (double) room[i].cpu() / NODE.cpu(), 1 - (double) room[i].memory() / NODE.memory());
            out.add(new Consolidation.Host("n" + i, use, room[i], gpus[i], pieces.get(i), r.nextInt(8) != 0));
        }
        return out;
    }

    private static Consolidation.Piece piece(String id, long cpu, long memory, long gpu) {
        return new Consolidation.Piece(id, new Resources(cpu, memory, 0, gpu));
    }
}

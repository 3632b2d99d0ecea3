package io.layerx.plan;

import io.layerx.model.GpuShares;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What checked plans hold while their commit is on its way to the view: the room their steps took, released or are
 * stopping per node, the ports they handed out, the nodes they placed each job on, and the tasks they touch. The
 * applier checks every plan against the view plus these, so that it can commit outside its lock and still never
 * over-commit a node; a plan's reservation goes once the view shows its commit (or its commit failed). Owned by the
 * applier, used only under its lock.
 */
final class Reservations {

    /** Device shares a step took on a node: {@code demand} thousandths on each of {@code devices} (positions). */
    record GpuTake(List<Integer> devices, long demand) {
    }

    /** The effects of one plan; {@link StepCheck} fills it as steps pass. */
    static final class Reservation {
        final Map<String, Resources> taken = new HashMap<>();
        final Map<String, Resources> stopping = new HashMap<>();
        final Map<String, Resources> released = new HashMap<>();
        final Map<String, Set<Integer>> ports = new HashMap<>();
        final Map<String, List<GpuTake>> gpus = new HashMap<>();
        final Map<String, List<Node>> placed = new HashMap<>();
        final Set<String> tasks = new HashSet<>();
        /** The revision the plan was committed at; 0 while its commit is under way. */
        private long committedAt;

        boolean isEmpty() {
            return tasks.isEmpty();
        }
    }

    private final List<Reservation> held = new ArrayList<>();

    /** Drops the reservations a view at {@code viewRevision} already shows. */
    void dropVisible(long viewRevision) {
        held.removeIf(r -> r.committedAt > 0 && r.committedAt <= viewRevision);
    }

    void hold(Reservation r) {
        if (!r.isEmpty()) held.add(r);
    }

    /** The plan's commit is done at {@code revision}: its reservation stays until the view has caught up. */
    void committed(Reservation r, long revision) {
        r.committedAt = revision;
    }

    /** The plan's commit wrote nothing (every step refused, or the store failed). */
    void release(Reservation r) {
        held.remove(r);
    }

    boolean touches(String taskId) {
        for (Reservation r : held) {
            if (r.tasks.contains(taskId)) return true;
        }
        return false;
    }

    /** Room held on the node: what plans took there less what they released. */
    Resources takenOn(String node) {
        Resources sum = Resources.ZERO;
        for (Reservation r : held) {
            sum = sum.plus(r.taken.getOrDefault(node, Resources.ZERO)).minus(r.released.getOrDefault(node, Resources.ZERO));
        }
        return sum;
    }

    Resources stoppingOn(String node) {
        Resources sum = Resources.ZERO;
        for (Reservation r : held) sum = sum.plus(r.stopping.getOrDefault(node, Resources.ZERO));
        return sum;
    }

    Set<Integer> portsOn(String node) {
        Set<Integer> ports = new HashSet<>();
        for (Reservation r : held) ports.addAll(r.ports.getOrDefault(node, Set.of()));
        return ports;
    }

    /** {@code free} (the view's device shares on the node) less what held plans took there. */
    GpuShares gpusFreeOn(String node, GpuShares free) {
        for (Reservation r : held) {
            for (GpuTake t : r.gpus.getOrDefault(node, List.of())) free = free.minus(t.devices(), t.demand());
        }
        return free;
    }

    /** The nodes held plans placed the job's tasks on, once per task. */
    List<Node> placedOf(String job) {
        List<Node> nodes = new ArrayList<>();
        for (Reservation r : held) nodes.addAll(r.placed.getOrDefault(job, List.of()));
        return nodes;
    }
}

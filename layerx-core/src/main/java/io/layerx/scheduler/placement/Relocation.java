package io.layerx.scheduler.placement;

import io.layerx.model.Cluster;
import io.layerx.model.DesiredState;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.scheduler.feasibility.ConstraintCheck;
import io.layerx.scheduler.feasibility.ResourcesCheck;
import io.layerx.snapshot.NodeClass;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Online packing with bounded migration (Sanders, Sivadasan and Skutella's model of online packing where each
 * arrival may move a bounded amount of placed work): when a binpack task would open an idle node, one running task
 * of a node in use moves, live and start before stop, to another node in use, so that the arriving task fits where
 * it left; the arriving task is nominated to that room (as preemption nominates, {@link Task#nominated()}) and
 * placed there once the moved task's original has stopped. At most one move per arriving task, the cheapest that
 * works (the smallest task moved). Only what the rebalancer may move moves ({@link #movable}), and only with the
 * operator's consent ({@link Policy}, the rebalancer's {@code onArrival} setting).
 */
public final class Relocation {

    /** How many node-and-task pairs that would make room are tried for a target, cheapest first. */
    static final int TRIES = 256;
    /** How many targets with room are compared (best fit) for the task that moves. */
    static final int TARGETS = 64;

    /**
     * Placement may move a task to make room for an arrival on the nodes of these clusters (all when empty).
     */
    public record Policy(Set<String> clusters) {
        public Policy {
            clusters = Set.copyOf(clusters);
        }

        boolean covers(Node n) {
            return clusters.isEmpty() || clusters.contains(n.cluster());
        }
    }

    /** A move that makes room: {@code task} leaves {@code from} for {@code to}. */
    record Move(Versioned<Task> task, Node from, Node to) {
    }

    private Relocation() {
    }

    /**
     * A running task of a service job with no move under way: what the rebalancer and moves on arrival may move
     * (moves on arrival also want its placement to depend on its node's room alone, without fixed host ports).
     */
    public static boolean movable(View v, Task t) {
        if (t.state() != TaskState.RUNNING || t.desired() != DesiredState.RUN) return false;
        Optional<Job> job = v.job(t.job()).map(Versioned::value);
        if (job.isEmpty() || job.get().type() != JobType.SERVICE) return false;
        return v.tasksOfJob(t.job()).stream().map(Versioned::value).noneMatch(r -> r.replaces() != null
                && !r.state().terminal() && v.task(r.replaces()).map(o -> !o.value().state().terminal()).orElse(false));
    }

    /** True when a task on the node is moving away (its replacement runs or starts elsewhere): room to come there. */
    public static boolean movingAway(View v, String node) {
        return v.tasksOnNode(node).stream().anyMatch(t -> Moves.replacementOf(v, t.value()).isPresent());
    }

    /**
     * The cheapest move that makes room for {@code demand} on one of the candidates in use that lack it: a movable
     * task whose share, given back, lets the demand fit (GPU devices included), and a target in use with room for
     * it (the best fit of the first {@link #TARGETS} the capacity index offers, fullest first).
     *
     * @param candidates the pass's nodes that pass every filter of the arriving job, with what the pass left free
     * @param touched    nodes a move of this pass already involves, left alone
     */
    static Optional<Move> find(View view, Policy policy, Resources demand, List<Candidate> candidates,
                               Map<String, Candidate> byName, Set<String> touched) {
        record Pair(Candidate where, Versioned<Task> task, double cost) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Candidate c : candidates) {
            if (touched.contains(c.node.name()) || !policy.covers(c.node) || idle(view, c.node)) continue;
            if (ResourcesCheck.check(c.free, c.gpus, demand).isEmpty()) continue;
            for (Versioned<Task> t : view.tasksOnNode(c.node.name())) {
                Task task = t.value();
                Resources room = c.free.plus(task.resources());
                if (!room.fits(demand)) continue;
                GpuShares gpus = c.node.givenBack(c.gpus, task);
                if (!gpus.fits(demand.gpu()) || !movable(view, task) || !shapeOnly(view, task)) continue;
                pairs.add(new Pair(c, t, share(task.resources(), c.node)));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::cost).thenComparing(p -> p.task().value().id()));
        for (int i = 0; i < pairs.size() && i < TRIES; i++) {
            Pair p = pairs.get(i);
            Optional<Node> to = target(view, policy, p.task().value(), p.where().node, byName, touched);
            if (to.isPresent()) return Optional.of(new Move(p.task(), p.where().node, to.get()));
        }
        return Optional.empty();
    }

    private static Optional<Node> target(View view, Policy policy, Task task, Node from, Map<String, Candidate> byName,
                                         Set<String> touched) {
        Job job = view.job(task.job()).orElseThrow().value();
        ConstraintCheck constraints = new ConstraintCheck(job.constraints());
        Resources size = task.resources();
        Node best = null;
        double bestLeft = Double.MAX_VALUE;
        int seen = 0;
        for (NodeClass nc : view.nodeClasses()) {
            Cluster cluster = view.cluster(nc.sample().cluster()).map(Versioned::value).orElse(null);
            if (constraints.checkClass(nc.sample(), cluster).isPresent()) continue;
            Iterator<String> it = view.nodesWithRoom(nc, size, true);
            while (it.hasNext() && seen < TARGETS) {
                Node n = view.node(it.next()).orElseThrow().value();
                if (n.name().equals(from.name()) || touched.contains(n.name()) || !policy.covers(n)) continue;
                if (idle(view, n)) break;
                if (ResourcesCheck.checkNodeState(n).isPresent() || constraints.checkNode(n, cluster).isPresent()) continue;
                Candidate c = byName.get(n.name());
                Resources free = c != null ? c.free : view.free(n.name());
                GpuShares gpus = c != null ? c.gpus : view.gpuFree(n.name());
                if (ResourcesCheck.check(free, gpus, size).isPresent()) continue;
                seen++;
                double left = share(free.minus(size), n);
                if (left < bestLeft) {
                    best = n;
                    bestLeft = left;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Nothing allocated or reserved on the node. */
    static boolean idle(View view, Node n) {
        return view.allocated(n.name()).equals(Resources.ZERO) && view.reserved(n.name()).equals(Resources.ZERO);
    }

    private static boolean shapeOnly(View view, Task t) {
        Job job = view.job(t.job()).orElseThrow().value();
        return PlacementPass.shape(job).isPresent() && job.task().ports().stream().allMatch(PortRequest::dynamic);
    }

    /** The summed share of the node's cpu, memory and gpu the resources are. */
    private static double share(Resources r, Node n) {
        Resources cap = n.capacity();
        return ratio(r.cpu(), cap.cpu()) + ratio(r.memory(), cap.memory()) + ratio(r.gpu(), cap.gpu());
    }

    private static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}

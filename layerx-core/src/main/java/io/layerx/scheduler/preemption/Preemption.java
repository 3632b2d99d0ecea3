package io.layerx.scheduler.preemption;

import io.layerx.model.DesiredState;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.scheduler.placement.Relocation;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes room for tasks that fit nowhere by stopping lower-priority work (Aurora's preemptor shape, Nomad's plan).
 * Only nodes that pass every filter but resources are considered. On each, victims are the node's running tasks of
 * strictly lower priority, lowest priority and largest first, trimmed to a minimal set; the node whose set costs
 * least (highest victim priority, then count, then size) wins. Tasks already stopping count as room to come. The
 * victims' stops and the task's nomination to that node go in the same plan: the room is reserved for the task (no
 * other job takes it), and the task is placed there once the victims are gone, so no node is over-committed.
 * A task whose nomination still has stopping tasks to wait for preempts nothing more. GPUs count per device: a
 * set of victims is enough only when, with their device shares given back, one device has room for a share or
 * enough devices are idle for whole GPUs (freeing 0.4 of one device and 0.4 of another does not make room for 0.5).
 */
public final class Preemption {

    /**
     * @param steps for each preempting task, the stops of its victims and then its nomination
     * @param notes a sentence per decision for the job's problems
     */
    public record Outcome(List<PlanStep> steps, List<String> notes) {
    }

    private record Choice(Node node, List<Versioned<Task>> victims, int maxPriority, long size) {
    }

    private Preemption() {
    }

    /**
     * @param unplaced the job's pending tasks that found no room
     * @param roomless nodes that pass every filter of the job but lack resources
     * @param free     what each candidate node has left after the pass's own placements
     * @param gpus     each candidate node's free device shares after the pass's own placements
     */
    public static Outcome plan(View view, Job job, List<Versioned<Task>> unplaced, List<Node> roomless,
                               Map<String, Resources> free, Map<String, GpuShares> gpus) {
        List<PlanStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Resources demand = job.task().resources();
        Set<String> taken = new HashSet<>();
        Map<String, Node> byName = new HashMap<>();
        roomless.forEach(n -> byName.put(n.name(), n));
        // Each node's cheapest victim set, computed once; only the node just used changes, so only it is recomputed.
        PriorityQueue<Choice> cheapest = new PriorityQueue<>(Preemption::compare);
        if (unplaced.stream().anyMatch(t -> t.value().target() == null)) {
            for (Node n : roomless) {
                Choice c = victimsOn(view, job, n, free.getOrDefault(n.name(), Resources.ZERO), devices(view, gpus, n), taken);
                if (c != null) cheapest.add(c);
            }
        }
        int waiting = 0;
        for (Versioned<Task> task : unplaced) {
            if (awaitsRoom(view, task.value())) {
                waiting++;
                continue;
            }
            String target = task.value().target();
            Choice best;
            if (target != null) {
                Node n = byName.get(target);
                best = n == null ? null
                        : victimsOn(view, job, n, free.getOrDefault(target, Resources.ZERO), devices(view, gpus, n), taken);
                if (best == null) continue;
            } else {
                best = cheapest.poll();
                if (best == null) break;
            }
            Resources room = free.getOrDefault(best.node().name(), Resources.ZERO);
            GpuShares devices = devices(view, gpus, best.node());
            for (Versioned<Task> v : best.victims()) {
                taken.add(v.value().id());
                room = room.plus(v.value().resources());
                devices = best.node().givenBack(devices, v.value());
                steps.add(new PlanStep.Stop(v.value().id(), v.modRevision(),
                        "preempted by job " + job.name() + " (priority " + job.priority() + ")"));
            }
            steps.add(new PlanStep.Nominate(task.value().id(), task.modRevision(), best.node().name()));
            free.put(best.node().name(), room.minus(demand));
            gpus.put(best.node().name(), devices.take(demand.gpu()));
            notes.add("preempting " + best.victims().size() + " lower-priority task" + (best.victims().size() == 1 ? "" : "s")
                    + " on " + best.node().name() + ": " + String.join(", ", best.victims().stream().map(v -> v.value().id()).toList()));
            if (target == null) {
                Choice again = victimsOn(view, job, best.node(), free.get(best.node().name()),
                        gpus.get(best.node().name()), taken);
                if (again != null) cheapest.add(again);
            }
        }
        if (waiting > 0) notes.add(waiting + " task" + (waiting == 1 ? "" : "s") + " wait for preempted tasks to stop");
        return new Outcome(steps, notes);
    }

    /** The task is nominated to a node that still has stopping tasks or a task moving away: its room is on the way. */
    private static boolean awaitsRoom(View view, Task task) {
        if (task.nominated() == null) return false;
        boolean ready = view.node(task.nominated()).map(n -> n.value().ready()).orElse(false);
        return ready && (view.tasksOnNode(task.nominated()).stream().anyMatch(t -> t.value().desired() == DesiredState.STOP)
                || Relocation.movingAway(view, task.nominated()));
    }

    /** The node's free device shares after the pass's placements (the view's when the pass did not see it). */
    private static GpuShares devices(View view, Map<String, GpuShares> gpus, Node node) {
        GpuShares g = gpus.get(node.name());
        return g != null ? g : view.gpuFree(node.name());
    }

    private static Choice victimsOn(View view, Job job, Node node, Resources free, GpuShares devices, Set<String> taken) {
        // tasks already stopping count as room to come, their device shares too
        Resources room = free;
        GpuShares gpus = devices;
        for (Versioned<Task> t : view.tasksOnNode(node.name())) {
            if (t.value().desired() != DesiredState.STOP) continue;
            room = room.plus(t.value().resources());
            gpus = node.givenBack(gpus, t.value());
        }
        Resources demand = job.task().resources();
        List<Versioned<Task>> pool = new ArrayList<>();
        for (Versioned<Task> t : view.tasksOnNode(node.name())) {
            Task task = t.value();
            if (task.desired() != DesiredState.RUN || taken.contains(task.id())) continue;
            if (priorityOf(view, task) < job.priority()) pool.add(t);
        }
        pool.sort(Comparator.<Versioned<Task>>comparingInt(t -> priorityOf(view, t.value()))
                .thenComparing(t -> -(t.value().resources().cpu() + t.value().resources().memory()))
                .thenComparing(t -> t.value().id()));
        List<Versioned<Task>> victims = new ArrayList<>();
        for (Versioned<Task> v : pool) {
            if (room.fits(demand) && gpus.fits(demand.gpu())) break;
            victims.add(v);
            room = room.plus(v.value().resources());
            gpus = node.givenBack(gpus, v.value());
        }
        if (!room.fits(demand) || !gpus.fits(demand.gpu())) return null;
        for (int i = victims.size() - 1; i >= 0; i--) {
            Task v = victims.get(i).value();
            Resources without = room.minus(v.resources());
            GpuShares gpusWithout = node.takenAgain(gpus, v);
            if (without.fits(demand) && gpusWithout.fits(demand.gpu())) {
                room = without;
                gpus = gpusWithout;
                victims.remove(i);
            }
        }
        int maxPriority = victims.stream().mapToInt(v -> priorityOf(view, v.value())).max().orElse(0);
        long size = victims.stream().mapToLong(v -> v.value().resources().cpu() + v.value().resources().memory()).sum();
        return new Choice(node, victims, maxPriority, size);
    }

    private static int compare(Choice a, Choice b) {
        return cheaper(a, b) ? -1 : cheaper(b, a) ? 1 : 0;
    }

    private static boolean cheaper(Choice a, Choice b) {
        if (a.maxPriority() != b.maxPriority()) return a.maxPriority() < b.maxPriority();
        if (a.victims().size() != b.victims().size()) return a.victims().size() < b.victims().size();
        if (a.size() != b.size()) return a.size() < b.size();
        return a.node().name().compareTo(b.node().name()) < 0;
    }

    private static int priorityOf(View view, Task t) {
        return view.job(t.job()).map(j -> j.value().priority()).orElse(0);
    }
}

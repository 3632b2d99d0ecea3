package io.layerx.scheduler.preemption;

import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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
 * A task whose nomination still has stopping tasks to wait for preempts nothing more.
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
     */
    public static Outcome plan(View view, Job job, List<Versioned<Task>> unplaced, List<Node> roomless,
                               Map<String, Resources> free) {
        List<PlanStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Resources demand = job.task().resources();
        Set<String> taken = new HashSet<>();
        int waiting = 0;
        for (Versioned<Task> task : unplaced) {
            if (awaitsRoom(view, task.value())) {
                waiting++;
                continue;
            }
            Choice best = null;
            String target = task.value().target();
            for (Node n : roomless) {
                if (target != null && !target.equals(n.name())) continue;
                Choice c = victimsOn(view, job, n, free.getOrDefault(n.name(), Resources.ZERO), taken);
                if (c != null && (best == null || cheaper(c, best))) best = c;
            }
            if (best == null) break;
            Resources room = free.getOrDefault(best.node().name(), Resources.ZERO);
            for (Versioned<Task> v : best.victims()) {
                taken.add(v.value().id());
                room = room.plus(v.value().resources());
                steps.add(new PlanStep.Stop(v.value().id(), v.modRevision(),
                        "preempted by job " + job.name() + " (priority " + job.priority() + ")"));
            }
            steps.add(new PlanStep.Nominate(task.value().id(), task.modRevision(), best.node().name()));
            free.put(best.node().name(), room.minus(demand));
            notes.add("preempting " + best.victims().size() + " lower-priority task" + (best.victims().size() == 1 ? "" : "s")
                    + " on " + best.node().name() + ": " + String.join(", ", best.victims().stream().map(v -> v.value().id()).toList()));
        }
        if (waiting > 0) notes.add(waiting + " task" + (waiting == 1 ? "" : "s") + " wait for preempted tasks to stop");
        return new Outcome(steps, notes);
    }

    /** The task is nominated to a node that still has stopping tasks: its room is on the way. */
    private static boolean awaitsRoom(View view, Task task) {
        if (task.nominated() == null) return false;
        boolean ready = view.node(task.nominated()).map(n -> n.value().ready()).orElse(false);
        return ready && view.tasksOnNode(task.nominated()).stream().anyMatch(t -> t.value().desired() == DesiredState.STOP);
    }

    private static Resources stopping(View view, String node) {
        Resources r = Resources.ZERO;
        for (Versioned<Task> t : view.tasksOnNode(node)) {
            if (t.value().desired() == DesiredState.STOP) r = r.plus(t.value().resources());
        }
        return r;
    }

    private static Choice victimsOn(View view, Job job, Node node, Resources free, Set<String> taken) {
        Resources room = free.plus(stopping(view, node.name()));
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
            if (room.fits(demand)) break;
            victims.add(v);
            room = room.plus(v.value().resources());
        }
        if (!room.fits(demand)) return null;
        for (int i = victims.size() - 1; i >= 0; i--) {
            Resources without = room.minus(victims.get(i).value().resources());
            if (without.fits(demand)) {
                room = without;
                victims.remove(i);
            }
        }
        int maxPriority = victims.stream().mapToInt(v -> priorityOf(view, v.value())).max().orElse(0);
        long size = victims.stream().mapToLong(v -> v.value().resources().cpu() + v.value().resources().memory()).sum();
        return new Choice(node, victims, maxPriority, size);
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

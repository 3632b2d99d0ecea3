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
 * Makes room for tasks that fit nowhere by stopping lower-priority work (Aurora's preemptor shape). Only nodes that
 * pass every filter but resources are considered. On each, victims are the node's running tasks of strictly lower
 * priority, lowest priority and largest first, trimmed to a minimal set; the node whose set costs least (highest
 * victim priority, then count, then size) wins. Tasks already stopping count as room to come, so a pass that finds
 * room arriving preempts nothing more. The task itself stays pending and is placed when the victims are gone.
 */
public final class Preemption {

    /** Stops for the victims, and a sentence per decision for the job's problems. */
    public record Outcome(List<PlanStep.Stop> stops, List<String> notes) {
    }

    private record Choice(Node node, List<Versioned<Task>> victims, int maxPriority, long size) {
    }

    private Preemption() {
    }

    /**
     * @param roomless nodes that pass every filter of the job but lack resources
     * @param free     what each candidate node has left after the pass's own placements
     */
    public static Outcome plan(View view, Job job, int unplaced, List<Node> roomless, Map<String, Resources> free) {
        List<PlanStep.Stop> stops = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Resources demand = job.task().resources();
        Set<String> taken = new HashSet<>();
        int waiting = 0;
        for (int i = 0; i < unplaced; i++) {
            if (waitForStopping(view, roomless, free, demand)) {
                waiting++;
                continue;
            }
            Choice best = null;
            for (Node n : roomless) {
                Choice c = victimsOn(view, job, n, free.getOrDefault(n.name(), Resources.ZERO), taken);
                if (c != null && (best == null || cheaper(c, best))) best = c;
            }
            if (best == null) break;
            Resources room = free.getOrDefault(best.node().name(), Resources.ZERO);
            for (Versioned<Task> v : best.victims()) {
                taken.add(v.value().id());
                room = room.plus(v.value().resources());
                stops.add(new PlanStep.Stop(v.value().id(), v.modRevision(),
                        "preempted by job " + job.name() + " (priority " + job.priority() + ")"));
            }
            free.put(best.node().name(), room.minus(demand));
            notes.add("preempting " + best.victims().size() + " lower-priority task" + (best.victims().size() == 1 ? "" : "s")
                    + " on " + best.node().name() + ": " + String.join(", ", best.victims().stream().map(v -> v.value().id()).toList()));
        }
        if (waiting > 0) notes.add(waiting + " task" + (waiting == 1 ? "" : "s") + " wait for stopping tasks to free room");
        return new Outcome(stops, notes);
    }

    /** Room that stopping tasks will free soon is used before anything new is preempted. */
    private static boolean waitForStopping(View view, List<Node> nodes, Map<String, Resources> free, Resources demand) {
        for (Node n : nodes) {
            Resources room = free.getOrDefault(n.name(), Resources.ZERO).plus(stopping(view, n.name()));
            if (room.fits(demand)) {
                free.put(n.name(), free.getOrDefault(n.name(), Resources.ZERO).minus(demand));
                return true;
            }
        }
        return false;
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

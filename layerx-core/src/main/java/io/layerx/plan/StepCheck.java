package io.layerx.plan;

import io.layerx.model.Cluster;
import io.layerx.model.DesiredState;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.PlanStep;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.model.Verdict;
import io.layerx.scheduler.feasibility.ConstraintCheck;
import io.layerx.scheduler.feasibility.LayerCheck;
import io.layerx.scheduler.placement.PlacementGuard;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the steps of one plan against the newest view plus what earlier steps of the same plan took, released
 * or stopped, and turns each accepted step into the task record to write. A placement needs room that is free now
 * and not reserved for a nominated task; a nomination needs room that will be free once the node's stopping tasks
 * (earlier stops of the plan included) are gone. So no node is ever over-committed, not even while victims of a
 * preemption shut down. Plans checked earlier whose commit the view does not show yet count as well
 * ({@link Reservations}): their room, ports, placements and stops, and their tasks are not touched again. Single
 * use, inside the view's read lock and the applier's lock.
 */
final class StepCheck {

    /**
     * A step that passed, with the records to commit: the step's task rewritten, and for a migration instead the
     * new replacement task (the original is only guarded, not written).
     */
    record Accepted(PlanStep step, Task next) {
    }

    private final View view;
    private final Instant now;
    private final Reservations held;
    private final Reservations.Reservation mine = new Reservations.Reservation();
    private final Set<String> migrating = new HashSet<>();
    private final Map<String, PlacementGuard> guards = new HashMap<>();

    /** Checks against the view alone. */
    StepCheck(View view, Instant now) {
        this(view, now, new Reservations());
    }

    /** Checks against the view plus what {@code held} plans, checked earlier and not yet in the view, hold. */
    StepCheck(View view, Instant now, Reservations held) {
        this.view = view;
        this.now = now;
        this.held = held;
    }

    /** What the steps accepted so far take, release, stop and touch: the plan's reservation. */
    Reservations.Reservation reservation() {
        return mine;
    }

    /** Either the accepted record or the rejection verdict. */
    Object check(PlanStep step) {
        Optional<Versioned<Task>> vt = view.task(step.taskId());
        if (vt.isEmpty()) return reject(step, "not-found", "no task " + step.taskId());
        if (vt.get().modRevision() != step.taskRevision()) {
            return reject(step, "stale", "task " + step.taskId() + " changed at revision " + vt.get().modRevision()
                    + "; the plan read revision " + step.taskRevision());
        }
        if (held.touches(step.taskId())) {
            return reject(step, "stale", "task " + step.taskId() + " is being changed by a plan applied just before");
        }
        Task task = vt.get().value();
        Object result = switch (step) {
            case PlanStep.Place p -> place(p, task);
            case PlanStep.Stop s -> stop(s, task);
            case PlanStep.Nominate n -> nominate(n, task);
            case PlanStep.Migrate m -> migrate(m, task);
            case PlanStep.Resize r -> resize(r, task);
        };
        if (result instanceof Accepted) mine.tasks.add(step.taskId());
        return result;
    }

    private Object place(PlanStep.Place step, Task task) {
        Object fit = fits(step, task, step.node());
        if (fit instanceof Verdict.Rejected r) return r;
        Node node = (Node) fit;
        Job job = view.job(task.job()).orElseThrow().value();
        Resources free = free(node).plus(node.name().equals(task.nominated()) ? task.resources() : Resources.ZERO);
        List<String> shortfall = free.shortfall(task.resources());
        if (!shortfall.isEmpty()) {
            return reject(step, "insufficient-" + shortfall.getFirst(), "node " + step.node() + " has "
                    + free + " free, the task needs " + task.resources());
        }
        List<Integer> devices = gpuDevices(node, task.resources().gpu());
        if (devices == null) return reject(step, "insufficient-gpu", noDevice(node, task.resources().gpu()));
        Map<String, Integer> ports = assignPorts(node, job.task().ports());
        if (ports == null) return reject(step, "ports", "node " + step.node() + " has no room for the task's ports");
        release(task);
        take(step.node(), task.resources());
        takeGpus(node, devices, task.resources().gpu());
        placed(job, node);
        return new Accepted(step, task.assigned(step.node(), node.cluster(), ports, now).withGpus(node.indices(devices)));
    }

    private Object nominate(PlanStep.Nominate step, Task task) {
        Object fit = fits(step, task, step.node());
        if (fit instanceof Verdict.Rejected r) return r;
        Node node = (Node) fit;
        Resources toCome = mine.stopping.getOrDefault(step.node(), Resources.ZERO).plus(held.stoppingOn(step.node()));
        for (Versioned<Task> t : view.tasksOnNode(step.node())) {
            // stopping, or moving away (by an earlier step of this plan, or a move under way)
            if (t.value().desired() == DesiredState.STOP || migrating.contains(t.value().id())
                    || Moves.replacementOf(view, t.value()).isPresent()) {
                toCome = toCome.plus(t.value().resources());
            }
        }
        Resources room = free(node).plus(node.name().equals(task.nominated()) ? task.resources() : Resources.ZERO)
                .plus(toCome);
        if (!room.fits(task.resources())) {
            return reject(step, "insufficient-" + room.shortfall(task.resources()).getFirst(), "node " + step.node()
                    + " will have " + room + " free once its stopping and moving tasks are gone, the task needs "
                    + task.resources());
        }
        release(task);
        take(step.node(), task.resources());
        return new Accepted(step, task.withNominated(step.node(), "waiting for room on " + step.node()
                + " (preempted tasks stopping or a task moving away)", now));
    }

    private Object migrate(PlanStep.Migrate step, Task task) {
        if (task.state() != TaskState.RUNNING || task.desired() != DesiredState.RUN) {
            return reject(step, "not-running", "task " + task.id() + " is " + task.state().wire()
                    + (task.desired() == DesiredState.STOP ? " and stopping" : "") + "; only running tasks move");
        }
        if (step.node().equals(task.node())) return reject(step, "same-node", "task " + task.id() + " already runs on " + step.node());
        if (Moves.replacementOf(view, task).isPresent() || !migrating.add(task.id())) {
            return reject(step, "migrating", "task " + task.id() + " is already being moved");
        }
        Object fit = checkNode(step, task, step.node());
        if (fit instanceof Verdict.Rejected r) return r;
        Node node = (Node) fit;
        Job job = view.job(task.job()).orElseThrow().value();
        Resources size = step.resources() != null ? step.resources() : task.resources();
        Resources free = free(node);
        List<String> shortfall = free.shortfall(size);
        if (!shortfall.isEmpty()) {
            return reject(step, "insufficient-" + shortfall.getFirst(), "node " + step.node() + " has "
                    + free + " free, the task needs " + size);
        }
        List<Integer> devices = gpuDevices(node, size.gpu());
        if (devices == null) return reject(step, "insufficient-gpu", noDevice(node, size.gpu()));
        Map<String, Integer> ports = assignPorts(node, job.task().ports());
        if (ports == null) return reject(step, "ports", "node " + step.node() + " has no room for the task's ports");
        take(step.node(), size);
        takeGpus(node, devices, size.gpu());
        placed(job, node);
        return new Accepted(step, task.replacement(Task.newId(job.name()), step.node(), node.cluster(), ports, size, now)
                .withGpus(node.indices(devices)));
    }

    private Object resize(PlanStep.Resize step, Task task) {
        if (task.node() == null || !task.state().holdsResources() || task.desired() != DesiredState.RUN) {
            return reject(step, "not-placed", "task " + task.id() + " is " + task.state().wire() + "; only a placed task is resized in place");
        }
        if (step.resources().anyNegative()) return reject(step, "invalid", "resources must not be negative: " + step.resources());
        if (step.resources().gpu() != task.resources().gpu()) {
            return reject(step, "invalid", "a task's gpu is not resized in place (it holds devices " + task.gpus() + ")");
        }
        Optional<Node> node = view.node(task.node()).map(Versioned::value);
        if (node.isEmpty()) return reject(step, "node-not-found", "no node " + task.node());
        Resources free = free(node.get()).plus(task.resources());
        List<String> shortfall = free.shortfall(step.resources());
        if (!shortfall.isEmpty()) {
            return reject(step, "insufficient-" + shortfall.getFirst(), "node " + task.node() + " has " + free
                    + " for the task, it asks for " + step.resources());
        }
        take(task.node(), step.resources().minus(task.resources()));
        return new Accepted(step, task.withResources(step.resources(), now));
    }

    /**
     * Room on the node now: its schedulable capacity (capacity plus reclaimed cpu) less live tasks, nominations,
     * what earlier steps of the plan took and what held plans took.
     */
    private Resources free(Node node) {
        return node.schedulable().minus(view.allocated(node.name())).minus(view.reserved(node.name()))
                .plus(mine.released.getOrDefault(node.name(), Resources.ZERO))
                .minus(mine.taken.getOrDefault(node.name(), Resources.ZERO)).minus(held.takenOn(node.name()));
    }

    private void take(String node, Resources resources) {
        mine.taken.merge(node, resources, Resources::plus);
    }

    private void placed(Job job, Node node) {
        guards.get(job.name()).placed(node);
        mine.placed.computeIfAbsent(job.name(), j -> new ArrayList<>()).add(node);
    }

    /** The device positions a gpu demand takes on the node now, or {@code null} when none has room. */
    private List<Integer> gpuDevices(Node node, long demand) {
        return gpusNow(node).choose(demand);
    }

    /** The node's free device shares: the view's, less what held plans and earlier steps of this plan took. */
    private GpuShares gpusNow(Node node) {
        GpuShares free = held.gpusFreeOn(node.name(), view.gpuFree(node.name()));
        for (Reservations.GpuTake t : mine.gpus.getOrDefault(node.name(), List.of())) free = free.minus(t.devices(), t.demand());
        return free;
    }

    private void takeGpus(Node node, List<Integer> devices, long demand) {
        if (!devices.isEmpty()) mine.gpus.computeIfAbsent(node.name(), k -> new ArrayList<>()).add(new Reservations.GpuTake(devices, demand));
    }

    private String noDevice(Node node, long demand) {
        return "node " + node.name() + " has " + (node.gpus().isEmpty() ? "no GPU devices" : "GPU devices with free shares "
                + gpusNow(node) + " (of 1000 each)") + ", the task needs " + (demand < GpuShares.WHOLE
                ? demand + " of one device" : demand / GpuShares.WHOLE + " idle devices");
    }

    /** What every placement needs: a pending task of a live job, a ready node, constraints and placement rules. */
    private Object fits(PlanStep step, Task task, String nodeName) {
        if (!task.pending()) return reject(step, "not-pending", "task " + task.id() + " is " + task.state().wire());
        return checkNode(step, task, nodeName);
    }

    /** A live job, a ready node, the task's target, constraints and placement rules. */
    private Object checkNode(PlanStep step, Task task, String nodeName) {
        Optional<Job> job = view.job(task.job()).map(Versioned::value);
        if (job.isEmpty() || job.get().stopped()) return reject(step, "job-stopped", "job " + task.job() + " is stopped");
        if (task.target() != null && !task.target().equals(nodeName)) {
            return reject(step, "target", "task " + task.id() + " may only run on " + task.target());
        }
        Optional<Node> node = view.node(nodeName).map(Versioned::value);
        if (node.isEmpty()) return reject(step, "node-not-found", "no node " + nodeName);
        if (!node.get().ready()) {
            return reject(step, "node-not-ready", "node " + nodeName + " is " + node.get().state().wire());
        }
        Cluster cluster = view.cluster(node.get().cluster()).map(Versioned::value).orElse(null);
        var broken = new ConstraintCheck(job.get().constraints()).check(node.get(), cluster);
        if (broken.isPresent()) return reject(step, "constraint", "node breaks " + broken.get().detail());
        var layer = LayerCheck.check(job.get().requires(), node.get());
        if (layer.isPresent()) return reject(step, "layer", "node " + nodeName + ": " + layer.get().detail());
        PlacementGuard guard = guards.computeIfAbsent(job.get().name(), j -> heldGuard(job.get()));
        var rule = guard.check(node.get());
        if (rule.isPresent()) return reject(step, "placement-rule", "node " + nodeName + " breaks " + rule.get());
        return node.get();
    }

    /** The job's rules as the view shows them, with the held plans' placements of the job counted in. */
    private PlacementGuard heldGuard(Job job) {
        PlacementGuard guard = new PlacementGuard(view, job);
        for (Node n : held.placedOf(job.name())) guard.placed(n);
        return guard;
    }

    private void release(Task task) {
        if (task.nominated() != null) mine.released.merge(task.nominated(), task.resources(), Resources::plus);
    }

    private Map<String, Integer> assignPorts(Node node, List<PortRequest> requests) {
        if (requests.isEmpty()) return Map.of();
        Set<Integer> used = new HashSet<>(view.usedPorts(node.name()));
        Set<Integer> taken = mine.ports.computeIfAbsent(node.name(), k -> new HashSet<>());
        used.addAll(taken);
        used.addAll(held.portsOn(node.name()));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (PortRequest r : requests) {
            if (!r.dynamic()) {
                if (!used.add(r.value())) return null;
                out.put(r.label(), r.value());
            }
        }
        int next = node.portLow();
        for (PortRequest r : requests) {
            if (!r.dynamic()) continue;
            while (next < node.portLow() + node.maxPorts() && used.contains(next)) next++;
            if (next >= node.portLow() + node.maxPorts()) return null;
            used.add(next);
            out.put(r.label(), next);
        }
        taken.addAll(out.values());
        return out;
    }

    private Object stop(PlanStep.Stop step, Task task) {
        if (task.state().terminal() || task.desired() == DesiredState.STOP) {
            return reject(step, "not-live", "task " + task.id() + " is already " + task.state().wire());
        }
        Task next = task.withDesired(DesiredState.STOP, step.reason(), now);
        if (task.state() == TaskState.PENDING) next = next.withState(TaskState.KILLED, step.reason(), null, now);
        if (task.node() != null && task.state().holdsResources()) mine.stopping.merge(task.node(), task.resources(), Resources::plus);
        return new Accepted(step, next);
    }

    private static Verdict.Rejected reject(PlanStep step, String code, String detail) {
        return new Verdict.Rejected(step, code, detail);
    }
}

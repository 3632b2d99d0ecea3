package io.layerx.scheduler.placement;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.feasibility.ConstraintCheck;
import io.layerx.scheduler.feasibility.Rejection;
import io.layerx.scheduler.feasibility.ResourcesCheck;
import io.layerx.scheduler.ranking.Scorer;
import io.layerx.snapshot.NodeClass;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * One placement pass for one job, in Nomad's iterator-stack order: feasibility (constraints once per node class,
 * then node state, resources and ports per node of the surviving classes), ranking, selection. Selection keeps
 * the feasible nodes in a heap keyed by score, so placing each task costs O(log n): only the chosen node's score
 * changes after a placement.
 */
public final class PlacementPass {

    private static final Comparator<Candidate> BEST_FIRST =
            Comparator.<Candidate>comparingDouble(c -> -c.score).thenComparing(c -> c.node.name());

    private final View view;
    private final Job job;
    private final Scorer scorer;
    private final Resources demand;
    private final List<PortRequest> ports;
    private final int dynamicPorts;
    private final PlacementMetrics metrics = new PlacementMetrics();

    private PlacementPass(View view, Job job) {
        this.view = view;
        this.job = job;
        this.scorer = Scorer.of(job.strategy());
        this.demand = job.task().resources();
        this.ports = job.task().ports();
        this.dynamicPorts = (int) ports.stream().filter(PortRequest::dynamic).count();
    }

    /** Plans up to {@code limit} pending tasks of the job on the view; call inside {@code StateCache.read}. */
    public static Proposal plan(String brain, View view, String jobName, int limit) {
        Optional<Versioned<Job>> job = view.job(jobName);
        List<Versioned<Task>> pending = new ArrayList<>(view.pendingOf(jobName));
        Plan empty = new Plan(brain, view.revision(), List.of());
        if (job.isEmpty() || job.get().value().stopped() || pending.isEmpty()) {
            return new Proposal(empty, 0, List.of());
        }
        pending.sort(Comparator.comparingInt((Versioned<Task> t) -> t.value().slot()).thenComparing(t -> t.value().id()));
        if (pending.size() > limit) pending = pending.subList(0, limit);
        return new PlacementPass(view, job.get().value()).run(brain, pending);
    }

    private Proposal run(String brain, List<Versioned<Task>> pending) {
        PriorityQueue<Candidate> heap = new PriorityQueue<>(BEST_FIRST);
        heap.addAll(feasibleNodes());
        List<PlanStep> steps = new ArrayList<>(pending.size());
        for (Versioned<Task> t : pending) {
            Candidate c = pickFitting(heap);
            if (c == null) break;
            steps.add(new PlanStep.Place(t.value().id(), t.modRevision(), c.node.name()));
            c.free = c.free.minus(demand);
            c.jobTasks++;
            c.freeDynamicPorts -= dynamicPorts;
            rescore(c);
            heap.add(c);
        }
        int unplaced = pending.size() - steps.size();
        List<String> problems = unplaced == 0 ? List.of() : metrics.explain(unplaced, pending.size());
        return new Proposal(new Plan(brain, view.revision(), steps), unplaced, problems);
    }

    /** Pops candidates until one still fits; a node that cannot take this job's task size leaves the heap. */
    private Candidate pickFitting(PriorityQueue<Candidate> heap) {
        while (!heap.isEmpty()) {
            Candidate c = heap.poll();
            Optional<Rejection> r = ResourcesCheck.check(c.free, demand);
            if (r.isEmpty() && c.freeDynamicPorts >= dynamicPorts && (c.jobTasks == 0 || staticPortsFree())) {
                return c;
            }
            metrics.exhausted(r.map(Rejection::detail).orElse("ports"));
        }
        return null;
    }

    /** A node already running one task of this job cannot host another with the same static port. */
    private boolean staticPortsFree() {
        return ports.stream().allMatch(PortRequest::dynamic);
    }

    private List<Candidate> feasibleNodes() {
        ConstraintCheck constraints = new ConstraintCheck(job.constraints());
        Map<String, Integer> jobTasksByNode = jobTasksByNode();
        List<Candidate> out = new ArrayList<>();
        for (NodeClass nc : view.nodeClasses()) {
            metrics.evaluated(nc.nodes().size());
            Cluster cluster = view.cluster(nc.sample().cluster()).map(Versioned::value).orElse(null);
            Optional<Rejection> r = constraints.checkClass(nc.sample(), cluster);
            if (r.isPresent()) {
                metrics.filtered("constraint " + r.get().detail(), nc.nodes().size());
                continue;
            }
            for (String name : nc.nodes()) {
                Node node = view.node(name).orElseThrow().value();
                Optional<Rejection> nr = ResourcesCheck.checkNodeState(node)
                        .or(() -> constraints.checkNode(node, cluster))
                        .or(() -> ResourcesCheck.checkPorts(node, view.usedPorts(name), ports));
                if (nr.isPresent()) {
                    metrics.filtered(nr.get().code().equals("constraint") ? "constraint " + nr.get().detail()
                            : nr.get().detail(), 1);
                    continue;
                }
                Candidate c = new Candidate(node, node.capacity().minus(view.allocated(name)),
                        jobTasksByNode.getOrDefault(name, 0), freeDynamicPorts(node));
                rescore(c);
                out.add(c);
            }
        }
        return out;
    }

    private int freeDynamicPorts(Node node) {
        if (dynamicPorts == 0) return 0;
        long used = view.usedPorts(node.name()).stream()
                .filter(p -> p >= node.portLow() && p < node.portLow() + node.maxPorts()).count();
        return (int) (node.maxPorts() - used);
    }

    private Map<String, Integer> jobTasksByNode() {
        Map<String, Integer> counts = new HashMap<>();
        for (Versioned<Task> t : view.tasksOfJob(job.name())) {
            Task task = t.value();
            if (task.node() != null && task.state().holdsResources()) counts.merge(task.node(), 1, Integer::sum);
        }
        return counts;
    }

    private void rescore(Candidate c) {
        c.score = scorer.score(c.node.capacity(), c.free, c.jobTasks, demand);
    }
}

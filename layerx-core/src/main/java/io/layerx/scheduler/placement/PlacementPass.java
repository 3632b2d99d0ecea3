package io.layerx.scheduler.placement;

import io.layerx.model.Cluster;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.PortRequest;
import io.layerx.model.Requirement;
import io.layerx.model.Resources;
import io.layerx.model.Spread;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.feasibility.ConstraintCheck;
import io.layerx.scheduler.feasibility.LayerCheck;
import io.layerx.scheduler.feasibility.Rejection;
import io.layerx.scheduler.feasibility.ResourcesCheck;
import io.layerx.scheduler.preemption.Preemption;
import io.layerx.scheduler.ranking.FragmentationScorer;
import io.layerx.scheduler.ranking.Scorer;
import io.layerx.snapshot.NodeClass;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One placement pass for one job, in Nomad's iterator-stack order: feasibility (hard constraints once per node
 * class; node state, ports, per-node cap, affinity, spread topology and resources per node of the surviving
 * classes), ranking (strategy score plus preferences), selection ({@link Selection}). Placing a task costs
 * O(log n): only the chosen node is re-scored. Tasks that fit nowhere may preempt lower-priority work
 * ({@link Preemption}): the plan then stops the victims and nominates the task to the room they leave. Room
 * nominated to a pending task is free to that task alone, which goes there as soon as the victims are gone.
 */
public final class PlacementPass {

    private final View view;
    private final Job job;
    private final TopologyCounts counts;
    private final AffinityRules affinity;
    private final PlacementMetrics metrics = new PlacementMetrics();
    private final List<Node> roomless = new ArrayList<>();
    /** How many of the most common task sizes fragmentation-aware scoring weighs. */
    static final int MIX_SIZES = 128;
    /** How many feasible nodes to score (0: all of them, the full scan). */
    private final int sample;
    /** Whether a task that would open an idle node may move a running task instead ({@link Relocation}); or null. */
    private final Relocation.Policy relocation;
    /** Nominated tasks that wait for a task moving off their node. */
    private final List<Versioned<Task>> waiting = new ArrayList<>();
    /** One sentence per task this pass made room for by a move ({@link Relocation}). */
    private final List<String> moveNotes = new ArrayList<>();

    private PlacementPass(View view, Job job, int sample, Relocation.Policy relocation) {
        this.view = view;
        this.job = job;
        this.sample = sample;
        this.relocation = job.strategy() == Strategy.BINPACK && job.type() != JobType.SYSTEM ? relocation : null;
        this.counts = new TopologyCounts(view, job);
        this.affinity = new AffinityRules(job, counts);
    }

    /** Plans up to {@code limit} pending tasks of a stored job; call inside {@code StateCache.read}. */
    public static Proposal plan(String brain, View view, String jobName, int limit) {
        return plan(brain, view, jobName, limit, null);
    }

    /**
     * As {@link #plan(String, View, String, int)}; with a {@code relocation} policy a binpack task that would open an
     * idle node may move one running task to make room for it instead ({@link Relocation}).
     */
    public static Proposal plan(String brain, View view, String jobName, int limit, Relocation.Policy relocation) {
        Optional<Versioned<Job>> job = view.job(jobName);
        if (job.isEmpty() || job.get().value().stopped()) return Proposal.empty(brain, view.revision());
        return plan(brain, view, job.get().value(), new ArrayList<>(view.pendingOf(jobName)), limit, true, relocation);
    }

    /**
     * Plans the given pending tasks of {@code job} (stored or not), scoring a bounded sample of the nodes with room
     * where the job allows it ({@link Sampling}).
     */
    public static Proposal plan(String brain, View view, Job job, List<Versioned<Task>> pending, int limit) {
        return plan(brain, view, job, pending, limit, true, null);
    }

    /**
     * As {@link #plan(String, View, Job, List, int)}, but over every node: the counts per filter are exact
     * ({@code job plan} shows them).
     */
    public static Proposal planFully(String brain, View view, Job job, List<Versioned<Task>> pending, int limit) {
        return plan(brain, view, job, pending, limit, false, null);
    }

    private static Proposal plan(String brain, View view, Job job, List<Versioned<Task>> pending, int limit,
                                 boolean sampling, Relocation.Policy relocation) {
        if (pending.isEmpty()) return Proposal.empty(brain, view.revision());
        List<Versioned<Task>> todo = inSlotOrder(pending);
        if (todo.size() > limit) todo = todo.subList(0, limit);
        int sample = sampling ? Sampling.size(job, todo, view.nodes().size()) : 0;
        if (sample > 0) {
            Proposal sampled = new PlacementPass(view, job, sample, relocation).run(brain, todo, true);
            if (sampled.unplaced() == 0) return sampled;
        }
        return new PlacementPass(view, job, 0, relocation).run(brain, todo, true);
    }

    /**
     * What a job's placement depends on, when that is the job's shape alone, so that jobs of one shape can be planned
     * in one pass ({@link #planTogether}): the type, strategy, priority, task resources and ports, constraints and
     * layer requirements. Empty for jobs whose placement depends on what their own tasks hold (spread, affinity,
     * preferences, a per-node cap) and for system jobs.
     */
    public static Optional<Shape> shape(Job job) {
        if (job.stopped() || job.type() == JobType.SYSTEM || !job.placement().isEmpty()) return Optional.empty();
        return Optional.of(new Shape(job.type(), job.strategy(), job.priority(), job.task().resources(),
                job.task().ports(), job.constraints(), job.requires()));
    }

    /** See {@link #shape(Job)}. */
    public record Shape(JobType type, Strategy strategy, int priority, Resources resources, List<PortRequest> ports,
                        List<Constraint> constraints, List<Requirement> requires) {
    }

    /**
     * Plans the pending tasks of several stored jobs of the first one's {@link #shape} in one pass, job after job in
     * the order given (each job's tasks in slot order), as if they were one job's: one sample of the nodes, one
     * selection, one plan. A job that is gone, stopped or now of another shape is left out. Nothing is preempted
     * and no full scan follows a sampled one: a task left unplaced (counted in {@link Proposal#unplaced()}) tells the
     * caller to plan these jobs one by one, which does both and says why a task waits (and, with a
     * {@code relocation} policy, moves a task rather than open an idle node).
     */
    public static Proposal planTogether(String brain, View view, List<String> jobs, Relocation.Policy relocation) {
        Job first = null;
        Shape shape = null;
        List<Versioned<Task>> todo = new ArrayList<>();
        for (String name : jobs) {
            Optional<Job> job = view.job(name).map(Versioned::value);
            Optional<Shape> s = job.flatMap(PlacementPass::shape);
            if (s.isEmpty() || (shape != null && !shape.equals(s.get()))) continue;
            var pending = view.pendingOf(name);
            if (pending.stream().anyMatch(t -> t.value().nominated() != null)) continue;
            if (first == null) {
                first = job.get();
                shape = s.get();
            }
            todo.addAll(inSlotOrder(pending));
        }
        if (todo.isEmpty()) return Proposal.empty(brain, view.revision());
        return new PlacementPass(view, first, Sampling.size(first, todo, view.nodes().size()), relocation)
                .run(brain, todo, false);
    }

    private static List<Versioned<Task>> inSlotOrder(Collection<Versioned<Task>> pending) {
        List<Versioned<Task>> todo = new ArrayList<>(pending);
        todo.sort(Comparator.comparingInt((Versioned<Task> t) -> t.value().slot()).thenComparing(t -> t.value().id()));
        return todo;
    }

    private Proposal run(String brain, List<Versioned<Task>> pending, boolean preempt) {
        List<Candidate> feasible = sample > 0 ? sampledNodes() : feasibleNodes();
        List<PlanStep> steps = new ArrayList<>(pending.size());
        List<Versioned<Task>> left = job.type() == JobType.SYSTEM ? placeTargeted(feasible, pending, steps)
                : placeAnywhere(feasible, pending, steps);
        // a task room is made for is not placed yet: its job waits, and is woken when the room frees
        int unplaced = left.size() + moveNotes.size();
        List<String> problems = new ArrayList<>(moveNotes);
        if (!left.isEmpty() && preempt) {
            problems.addAll(metrics.explain(left.size(), pending.size()));
            problems.addAll(ReclaimNotes.of(view, roomless));
            Preemption.Outcome p = Preemption.plan(view, job, left, roomless, feasible.stream()
                    .collect(HashMap::new, (m, c) -> m.put(c.node.name(), c.free), Map::putAll), feasible.stream()
                    .collect(HashMap::new, (m, c) -> m.put(c.node.name(), c.gpus), Map::putAll));
            steps.addAll(p.steps());
            problems.addAll(p.notes());
        }
        return new Proposal(new Plan(brain, view.revision(), steps), unplaced, problems, metrics.filteredCounts());
    }

    /** @return the tasks left unplaced */
    private List<Versioned<Task>> placeAnywhere(List<Candidate> feasible, List<Versioned<Task>> pending,
                                                List<PlanStep> steps) {
        long seed = job.name().hashCode() * 31L + view.revision();
        Scorer scorer = Scorer.of(job.strategy(), seed, mix(feasible));
        Selection selection = new Selection(job, scorer, counts, affinity, metrics, feasible);
        List<Versioned<Task>> rest = placeNominated(feasible, pending, steps, selection::placedOutside);
        Map<String, Candidate> byName = new HashMap<>();
        Set<String> touched = new HashSet<>();
        if (relocation != null) feasible.forEach(c -> byName.put(c.node.name(), c));
        for (int i = 0; i < rest.size(); i++) {
            Candidate c = selection.next();
            Versioned<Task> t = rest.get(i);
            if (relocation != null && (c == null || (c.jobTasks == 0 && Relocation.idle(view, c.node)))) {
                // the sampled pass sees only some of the nodes in use: hand over to the full scan, which moves
                if (sample > 0) return unplaced(rest.subList(i, rest.size()));
                if (relocate(t, feasible, byName, touched, steps)) {
                    if (c != null) selection.putBack(c);
                    continue;
                }
            }
            if (c == null) return unplaced(rest.subList(i, rest.size()));
            steps.add(new PlanStep.Place(t.value().id(), t.modRevision(), c.node.name()));
            selection.placed(c);
        }
        return unplaced(List.of());
    }

    private List<Versioned<Task>> unplaced(List<Versioned<Task>> rest) {
        if (waiting.isEmpty()) return rest;
        List<Versioned<Task>> out = new ArrayList<>(waiting);
        out.addAll(rest);
        return out;
    }

    /**
     * Makes room for {@code t} by moving one running task ({@link Relocation#find}): the move and the task's
     * nomination to the room it leaves go in the plan, and the target's room is taken for the rest of the pass.
     */
    private boolean relocate(Versioned<Task> t, List<Candidate> feasible, Map<String, Candidate> byName,
                             Set<String> touched, List<PlanStep> steps) {
        Optional<Relocation.Move> m = Relocation.find(view, relocation, job.task().resources(), feasible, byName, touched);
        if (m.isEmpty()) return false;
        Relocation.Move move = m.get();
        steps.add(new PlanStep.Migrate(move.task().value().id(), move.task().modRevision(), move.to().name(), null));
        steps.add(new PlanStep.Nominate(t.value().id(), t.modRevision(), move.from().name()));
        moveNotes.add("moving task " + move.task().value().id() + " from " + move.from().name() + " to "
                + move.to().name() + " to make room for " + t.value().id());
        touched.add(move.from().name());
        touched.add(move.to().name());
        Candidate to = byName.get(move.to().name());
        if (to != null) {
            Resources size = move.task().value().resources();
            to.free = to.free.minus(size);
            to.gpus = to.gpus.take(size.gpu());
        }
        return true;
    }

    /**
     * The task sizes the pool holds, the most common {@link #MIX_SIZES} of them, for binpack on GPU nodes; none when
     * the job does not binpack or no candidate has GPUs.
     */
    private FragmentationScorer.Mix mix(List<Candidate> feasible) {
        if (job.strategy() != Strategy.BINPACK || feasible.stream().noneMatch(c -> c.node.capacity().gpu() > 0)) {
            return FragmentationScorer.Mix.NONE;
        }
        List<Map.Entry<Resources, Integer>> top = view.taskSizes().entrySet().stream()
                .sorted(Map.Entry.<Resources, Integer>comparingByValue().reversed()).limit(MIX_SIZES).toList();
        double total = top.stream().mapToInt(Map.Entry::getValue).sum();
        double[] weights = new double[top.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = top.get(i).getValue() / total;
        return new FragmentationScorer.Mix(top.stream().map(Map.Entry::getKey).toList(), weights);
    }

    /**
     * A task nominated by preemption goes to its nominated node as soon as the room reserved for it is free there;
     * the room is its alone (not its siblings'), so the applier's check and this one agree.
     *
     * @return the tasks still to place
     */
    private List<Versioned<Task>> placeNominated(List<Candidate> feasible, List<Versioned<Task>> pending,
                                                 List<PlanStep> steps, java.util.function.Consumer<Candidate> placed) {
        if (pending.stream().noneMatch(t -> t.value().nominated() != null)) return pending;
        Map<String, Candidate> byName = new HashMap<>();
        feasible.forEach(c -> byName.put(c.node.name(), c));
        List<Versioned<Task>> rest = new ArrayList<>();
        for (Versioned<Task> t : pending) {
            Candidate c = t.value().nominated() == null ? null : byName.get(t.value().nominated());
            if (c != null && c.free.plus(t.value().resources()).fits(job.task().resources())
                    && c.gpus.fits(job.task().resources().gpu())) {
                c.free = c.free.plus(t.value().resources());
                steps.add(new PlanStep.Place(t.value().id(), t.modRevision(), c.node.name()));
                placed.accept(c);
            } else if (relocation != null && c != null && Relocation.movingAway(view, c.node.name())) {
                waiting.add(t);
            } else {
                rest.add(t);
            }
        }
        return rest;
    }

    /** System jobs: each task goes to its own node, or nowhere; tasks whose node lacks room are left for preemption. */
    private List<Versioned<Task>> placeTargeted(List<Candidate> feasible, List<Versioned<Task>> pending,
                                                List<PlanStep> steps) {
        Map<String, Candidate> byName = new HashMap<>();
        feasible.forEach(c -> byName.put(c.node.name(), c));
        List<Versioned<Task>> left = new ArrayList<>();
        for (Versioned<Task> t : pending) {
            Candidate c = byName.get(t.value().target());
            Resources own = c != null && c.node.name().equals(t.value().nominated()) ? t.value().resources() : Resources.ZERO;
            Optional<Rejection> r = c == null ? Optional.of(new Rejection("target", "target node infeasible"))
                    : ResourcesCheck.check(c.free.plus(own), c.gpus, job.task().resources());
            if (r.isPresent()) {
                if (c != null) {
                    metrics.dropped(r.get());
                    left.add(t);
                }
                continue;
            }
            steps.add(new PlanStep.Place(t.value().id(), t.modRevision(), c.node.name()));
            c.free = c.free.plus(own).minus(job.task().resources());
            c.gpus = c.gpus.take(job.task().resources().gpu());
        }
        return left;
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
            Optional<Rejection> layer = LayerCheck.check(job.requires(), nc.sample());
            if (layer.isPresent()) {
                metrics.filtered(layer.get().detail(), nc.nodes().size());
                continue;
            }
            for (String name : nc.nodes()) {
                Node node = view.node(name).orElseThrow().value();
                int jobTasks = jobTasksByNode.getOrDefault(name, 0);
                Optional<Rejection> nr = staticCheck(node, cluster, constraints, jobTasks);
                if (nr.isPresent()) {
                    metrics.filtered(nr.get().detail(), 1);
                    continue;
                }
                Candidate c = new Candidate(node, spreadDomain(node), affinity.bonus(node, cluster),
                        node.schedulable().minus(view.allocated(name)).minus(view.reserved(name)), view.gpuFree(name),
                        jobTasks, freeDynamicPorts(node));
                if (ResourcesCheck.check(c.free, c.gpus, job.task().resources()).isPresent()) roomless.add(node);
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Up to {@link #sample} feasible nodes with room for one task, from the capacity index, taking one node of each
     * class that passes the hard constraints in turn: binpack asks for the fullest cells first, spread and random
     * for the emptiest. Nodes without room are never visited.
     */
    private List<Candidate> sampledNodes() {
        ConstraintCheck constraints = new ConstraintCheck(job.constraints());
        Map<String, Integer> jobTasksByNode = jobTasksByNode();
        Resources demand = job.task().resources();
        boolean fullestFirst = job.strategy() == Strategy.BINPACK;
        List<Iterator<String>> sources = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        for (NodeClass nc : view.nodeClasses()) {
            Cluster cluster = view.cluster(nc.sample().cluster()).map(Versioned::value).orElse(null);
            if (constraints.checkClass(nc.sample(), cluster).isPresent()) continue;
            sources.add(view.nodesWithRoom(nc, demand, fullestFirst));
            clusters.add(cluster);
        }
        List<Candidate> out = new ArrayList<>(sample);
        while (out.size() < sample && !sources.isEmpty()) {
            for (int i = sources.size() - 1; i >= 0 && out.size() < sample; i--) {
                Iterator<String> it = sources.get(i);
                if (!it.hasNext()) {
                    sources.remove(i);
                    clusters.remove(i);
                    continue;
                }
                Node node = view.node(it.next()).orElseThrow().value();
                int jobTasks = jobTasksByNode.getOrDefault(node.name(), 0);
                metrics.evaluated(1);
                if (staticCheck(node, clusters.get(i), constraints, jobTasks).isPresent()) continue;
                out.add(new Candidate(node, "", 0, view.free(node.name()), view.gpuFree(node.name()), jobTasks,
                        freeDynamicPorts(node)));
            }
        }
        return out;
    }

    private Optional<Rejection> staticCheck(Node node, Cluster cluster, ConstraintCheck constraints, int jobTasks) {
        Optional<Rejection> r = ResourcesCheck.checkNodeState(node)
                .or(() -> constraints.checkNode(node, cluster).map(x -> new Rejection("constraint", "constraint " + x.detail())))
                .or(() -> ResourcesCheck.checkPorts(node, view.usedPorts(node.name()), job.task().ports()));
        if (r.isPresent()) return r;
        int cap = job.placement().maxPerNode();
        if (cap > 0 && jobTasks >= cap) return Optional.of(new Rejection("cap", "per-node cap " + cap));
        Optional<String> a = affinity.violation(node);
        if (a.isPresent()) return Optional.of(new Rejection("affinity", a.get()));
        Optional<Spread> s = job.placement().spreads().stream().filter(Spread::required).findFirst();
        if (s.isPresent() && counts.domain(s.get().topology(), node) == null) {
            return Optional.of(new Rejection("spread", "no " + s.get().topology() + " to spread over"));
        }
        return Optional.empty();
    }

    private String spreadDomain(Node node) {
        return job.placement().spreads().stream().findFirst()
                .map(s -> counts.domain(s.topology(), node)).map(d -> d == null ? "" : d).orElse("");
    }

    private int freeDynamicPorts(Node node) {
        if (job.task().ports().stream().noneMatch(PortRequest::dynamic)) return 0;
        long used = view.usedPorts(node.name()).stream()
                .filter(p -> p >= node.portLow() && p < node.portLow() + node.maxPorts()).count();
        return (int) (node.maxPorts() - used);
    }

    private Map<String, Integer> jobTasksByNode() {
        Map<String, Integer> out = new HashMap<>();
        for (Versioned<Task> t : view.tasksOfJob(job.name())) {
            Task task = t.value();
            if (task.node() != null && task.state().holdsResources()) out.merge(task.node(), 1, Integer::sum);
        }
        return out;
    }
}

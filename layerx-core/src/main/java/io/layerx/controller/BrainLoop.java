package io.layerx.controller;

import io.layerx.clock.Timer;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.brain.BrainRegistry;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.PlanStep;
import io.layerx.model.Task;
import io.layerx.model.Verdict;
import io.layerx.plan.PlanApplier;
import io.layerx.scheduler.Brain;
import io.layerx.scheduler.BuiltinBrain;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.placement.PlacementPass;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives the in-process brains: jobs with pending tasks wait in a queue ordered by priority; each of
 * {@code workers} threads takes one, lets its brain plan it on the view, hands the plan to the applier and retries
 * refused steps at once (the applier has caught the view up). A job that fits nowhere waits, with its reasons,
 * until capacity frees or nodes join. Several workers plan different jobs in parallel on shared state: the applier
 * resolves their conflicts. The {@link BrainRegistry} says whose a job is: the built-in brain of its type, a named
 * plug-in, or a live external brain (which plans over the API: this loop leaves the job alone until that brain
 * falls silent, then takes it back). When jobs queue up (many small jobs, the trace's one pod per job), a worker
 * takes up to {@link #JOBS_PER_CALL} of them at once and plans those of one {@link PlacementPass#shape} for a
 * built-in brain in one pass and one plan: one sample of the nodes and one commit for all, as for one big job.
 */
public final class BrainLoop implements AutoCloseable {

    private final StateCache cache;
    private final PlanApplier applier;
    private final Map<JobType, Brain> brains;
    private final Map<String, Brain> plugins;
    private final BrainRegistry registry;
    private final Timer timer;
    private final InstantSource clock;
    private final WorkQueue<String> queue;
    private final Duration resync;
    private final Map<String, Integer> priorities = new ConcurrentHashMap<>();
    private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    /** Jobs with a look again after a refusal already on the timer (one each, however often they are refused). */
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    /** The most queued jobs a worker takes at once. */
    static final int JOBS_PER_CALL = 256;
    /** How soon a job whose every step was refused on an unmoved view is planned again. */
    static final Duration REFUSED_RETRY = Duration.ofMillis(250);

    /**
     * @param brains  the built-in brain of each job type (Citadel: service, batch and system work is decided apart)
     * @param plugins in-process brains by name, for jobs that name them
     */
    public BrainLoop(StateCache cache, PlanApplier applier, Map<JobType, Brain> brains, Map<String, Brain> plugins,
                     BrainRegistry registry, int workers, Timer timer, InstantSource clock, Duration resync,
                     MeterRegistry meters) {
        this.cache = cache;
        this.applier = applier;
        this.brains = new EnumMap<>(brains);
        this.plugins = Map.copyOf(plugins);
        this.registry = registry;
        this.timer = timer;
        this.clock = clock;
        for (JobType t : JobType.values()) {
            if (!this.brains.containsKey(t)) throw new IllegalArgumentException("no brain for " + t.wire() + " jobs");
        }
        this.resync = resync;
        Comparator<String> byPriority = Comparator.comparingInt(j -> -priorities.getOrDefault(j, 0));
        this.queue = new WorkQueue<>("brain", workers, Thread.ofPlatform().name("brain-", 0).daemon().factory(),
                this::placeJobs, JOBS_PER_CALL, timer, byPriority);
        this.meters = meters;
        meters.gauge("layerx.brain.queue.depth", queue, WorkQueue::depth);
        meters.gauge("layerx.brain.jobs.blocked", blocked, Set::size);
        cache.addListener(this::onChange);
    }

    public void start() {
        queue.start();
        queue.resyncEvery(resync, () -> cache.read(v -> List.copyOf(v.jobsWithPending())));
    }

    /** Why the job's pending tasks are not placed; empty when nothing is stuck. */
    public List<String> problems(String job) {
        return problems.getOrDefault(job, List.of());
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.TaskChanged t -> onTask(t.before(), t.after());
            case Change.NodeChanged n -> {
                if (n.after() != null && n.after().ready()) wakeBlocked();
            }
            case Change.JobChanged j -> {
                if (j.after() != null) {
                    priorities.put(j.after().name(), j.after().priority());
                    queue.enqueue(j.after().name());
                } else {
                    priorities.remove(j.before().name());
                    problems.remove(j.before().name());
                    blocked.remove(j.before().name());
                }
            }
            case Change.Resynced r -> cache.read(v -> {
                v.jobs().forEach(j -> priorities.put(j.value().name(), j.value().priority()));
                return List.copyOf(v.jobsWithPending());
            }).forEach(queue::enqueue);
            case Change.ClusterChanged c -> { }
        }
    }

    private void onTask(Task before, Task after) {
        if (after != null && after.pending() && (before == null || !before.pending())) queue.enqueue(after.job());
        boolean freed = before != null && before.state().holdsResources()
                && (after == null || !after.state().holdsResources());
        if (freed) wakeBlocked();
    }

    private void wakeBlocked() {
        for (String job : blocked) queue.enqueue(job);
    }

    /** Jobs a worker took together: of one shape for one built-in brain, or one job alone ({@code brain} null). */
    private record Group(BuiltinBrain brain, List<String> jobs) {
    }

    /**
     * Plans the groups of the jobs taken, and of the jobs alone only the first: the others go back to the queue at
     * once, for whichever worker is free, so one worker never plans a long run of unlike jobs while another waits.
     *
     * @return the jobs to plan again soon (with those handed back)
     */
    private Set<String> placeJobs(List<String> jobs) {
        Set<String> again = new HashSet<>();
        boolean planned = false;
        for (Group g : groups(jobs)) {
            if (g.brain() != null) {
                again.addAll(placeTogether(g));
            } else if (!planned) {
                if (placeJob(g.jobs().getFirst())) again.add(g.jobs().getFirst());
            } else {
                again.add(g.jobs().getFirst());
            }
            planned = true;
        }
        return again;
    }

    /**
     * The jobs in the order taken, those of one shape for one built-in brain together (up to its batch of tasks),
     * every other job alone.
     */
    private List<Group> groups(List<String> jobs) {
        if (jobs.size() == 1) return List.of(new Group(null, jobs));
        return cache.read(v -> {
            Map<PlacementPass.Shape, Group> open = new HashMap<>();
            Map<PlacementPass.Shape, Integer> tasks = new HashMap<>();
            List<Group> out = new ArrayList<>();
            for (String name : jobs) {
                Optional<Job> spec = v.job(name).map(Versioned::value);
                Optional<PlacementPass.Shape> shape = spec
                        .filter(j -> v.pendingOf(name).stream().noneMatch(t -> t.value().nominated() != null))
                        .filter(j -> registry.ownerOf(j) instanceof BrainRegistry.Builtin)
                        .filter(j -> brains.get(j.type()) instanceof BuiltinBrain)
                        .flatMap(PlacementPass::shape);
                int pending = v.pendingOf(name).size();
                BuiltinBrain brain = shape.map(s -> (BuiltinBrain) brains.get(s.type())).orElse(null);
                if (brain == null || pending == 0 || pending >= brain.batch()) {
                    out.add(new Group(null, List.of(name)));
                    continue;
                }
                Group g = open.get(shape.get());
                if (g == null || tasks.get(shape.get()) + pending > brain.batch()) {
                    g = new Group(brain, new ArrayList<>());
                    open.put(shape.get(), g);
                    tasks.put(shape.get(), 0);
                    out.add(g);
                }
                g.jobs().add(name);
                tasks.merge(shape.get(), pending, Integer::sum);
            }
            return out.stream().map(g -> g.jobs().size() == 1 ? new Group(null, g.jobs()) : g).toList();
        });
    }

    /** A group's plan, and the jobs it has steps for. */
    private record GroupPlan(Proposal proposal, Set<String> planned) {
    }

    /**
     * Plans a group in one pass and applies it in one plan. When the pass leaves a task unplaced, or the applier
     * refuses every step on a view that has not moved, the jobs are planned one by one instead (full scans,
     * preemption, why pending); so is a job the pass left out (a task nominated by preemption, another shape now).
     */
    private Set<String> placeTogether(Group g) {
        GroupPlan gp = cache.read(view -> {
            Proposal p = g.brain().planTogether(g.jobs(), view);
            Set<String> planned = new HashSet<>();
            for (PlanStep step : p.plan().steps()) view.task(step.taskId()).ifPresent(t -> planned.add(t.value().job()));
            return new GroupPlan(p, planned);
        });
        Proposal p = gp.proposal();
        if (p.unplaced() > 0) return placeEach(g.jobs());
        if (!p.plan().steps().isEmpty()) {
            meters.counter("layerx.brain.plans", "brain", g.brain().name()).increment();
            List<Verdict> verdicts = applier.apply(p.plan());
            long refused = verdicts.stream().filter(v -> v instanceof Verdict.Rejected).count();
            meters.counter("layerx.brain.steps.refused", "brain", g.brain().name()).increment(refused);
            boolean progress = refused < verdicts.size() || cache.revision() > p.plan().snapshotRevision();
            if (refused > 0 && !progress) return placeEach(g.jobs());
        }
        Set<String> again = new HashSet<>();
        List<String> leftOut = new ArrayList<>();
        cache.read(v -> {
            for (String job : g.jobs()) {
                if (!gp.planned().contains(job)) {
                    leftOut.add(job);
                    continue;
                }
                blocked.remove(job);
                problems.remove(job);
                if (v.job(job).map(j -> !j.value().stopped()).orElse(false) && !v.pendingOf(job).isEmpty()) {
                    again.add(job);
                }
            }
            return null;
        });
        again.addAll(placeEach(leftOut));
        return again;
    }

    private Set<String> placeEach(List<String> jobs) {
        Set<String> again = new HashSet<>();
        for (String job : jobs) if (placeJob(job)) again.add(job);
        return again;
    }

    private boolean placeJob(String job) {
        Optional<Job> spec = cache.read(v -> v.job(job).map(Versioned::value).filter(j -> !v.pendingOf(job).isEmpty()));
        if (spec.isEmpty()) {
            problems.remove(job);
            blocked.remove(job);
            return false;
        }
        Brain brain = switch (registry.ownerOf(spec.get())) {
            case BrainRegistry.Builtin b -> brains.get(spec.get().type());
            case BrainRegistry.Plugin p -> plugins.get(p.name());
            case BrainRegistry.External e -> {
                problems.remove(job);
                blocked.remove(job);
                lookAgainAt(job, e.until());
                yield null;
            }
            case BrainRegistry.Waiting w -> {
                problems.put(job, List.of("waiting for brain " + w.name() + " to register (until " + w.until()
                        + ", then the built-in brain places it)"));
                lookAgainAt(job, w.until());
                yield null;
            }
        };
        if (brain == null) return false;
        Proposal p = cache.read(view -> brain.plan(job, view));
        if (p.unplaced() > 0) {
            blocked.add(job);
            problems.put(job, p.problems());
        } else {
            blocked.remove(job);
            problems.remove(job);
        }
        if (p.plan().steps().isEmpty()) return false;
        meters.counter("layerx.brain.plans", "brain", brain.name()).increment();
        List<Verdict> verdicts = applier.apply(p.plan());
        List<Verdict.Rejected> rejected = verdicts.stream().filter(v -> v instanceof Verdict.Rejected)
                .map(v -> (Verdict.Rejected) v).toList();
        meters.counter("layerx.brain.steps.refused", "brain", brain.name()).increment(rejected.size());
        boolean morePending = cache.read(v -> v.job(job).map(j -> !j.value().stopped()).orElse(false)
                && !v.pendingOf(job).isEmpty());
        boolean progress = rejected.size() < verdicts.size() || cache.revision() > p.plan().snapshotRevision();
        if (!rejected.isEmpty() && !progress) {
            // Every step refused although the view has not moved since the brain read it: either the brain and the
            // applier disagree (planning again at once would only spin), or another brain's plan in flight holds the
            // room (the applier reserves it before the view shows its commit). Wait for a change, and look again
            // shortly in any case: in a pool where nothing frees, no change would ever wake the job.
            blocked.add(job);
            problems.put(job, rejected.stream().map(r -> "refused: " + r.detail()).distinct().limit(5).toList());
            if (retrying.add(job)) {
                timer.schedule(REFUSED_RETRY, () -> {
                    retrying.remove(job);
                    queue.enqueue(job);
                });
            }
            return false;
        }
        return morePending && (!rejected.isEmpty() || p.unplaced() == 0);
    }

    /** The job's owner may change at {@code at} (a brain falls silent, a grace runs out): plan it again then. */
    private void lookAgainAt(String job, Instant at) {
        Duration wait = Duration.between(clock.instant(), at).plusMillis(10);
        timer.schedule(wait.isNegative() ? Duration.ZERO : wait, () -> queue.enqueue(job));
    }

    /** Wakes the jobs an external brain owned, so they are placed by their new owner (it registered or left). */
    public void brainsChanged() {
        cache.read(v -> List.copyOf(v.jobsWithPending())).forEach(queue::enqueue);
    }

    @Override
    public void close() {
        queue.close();
    }

    /** For tests and status: is the job waiting for room? */
    public boolean isBlocked(String job) {
        return blocked.contains(job);
    }
}

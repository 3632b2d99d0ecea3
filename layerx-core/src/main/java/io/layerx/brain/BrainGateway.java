package io.layerx.brain;

import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.Verdict;
import io.layerx.plan.PlanApplier;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What an external brain does, in-process: register and heartbeat, follow its pending work (a long-poll from a
 * revision), and submit plans stamped with the task revisions it read. Every plan goes through the same
 * {@link PlanApplier} as the built-in brains' plans, so brains of any kind may work at once on shared state: a step
 * computed on stale versions is refused with a reason, never applied. A brain may only touch tasks of the jobs it
 * owns now ({@link BrainRegistry#ownerOf}).
 */
public final class BrainGateway {

    /** A pending task to place, with the revision a plan must quote. */
    public record PendingTask(String id, long revision, int slot, Resources resources, String target, String nominated) {
    }

    /** A task of the job that holds resources on a node. */
    public record PlacedTask(String id, long revision, String node, String state) {
    }

    /** One job the brain owns and has work for. */
    public record JobWork(Job job, List<PendingTask> pending, List<PlacedTask> placed) {
    }

    /** A node and the room left on it ({@code free} = capacity - allocated - reserved for nominated tasks). */
    public record NodeRoom(String name, String cluster, String provider, String state, Map<String, String> labels,
                           Resources capacity, Resources free) {
    }

    /** Everything one planning round needs, read at one {@code revision}. */
    public record Work(long revision, List<JobWork> jobs, List<NodeRoom> nodes) {
    }

    private final StateCache cache;
    private final PlanApplier applier;
    private final BrainRegistry registry;
    private final InstantSource clock;
    private final Runnable ownersChanged;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong changes = new AtomicLong();

    /** @param ownersChanged called when a brain registers anew or leaves, so the brain loop re-checks owners */
    public BrainGateway(StateCache cache, PlanApplier applier, BrainRegistry registry, InstantSource clock,
                        Runnable ownersChanged) {
        this.cache = cache;
        this.applier = applier;
        this.registry = registry;
        this.clock = clock;
        this.ownersChanged = ownersChanged;
        cache.addListener(c -> signal());
    }

    /** Registers a brain, or heartbeats one already registered. */
    public BrainRegistry.Entry register(BrainRegistration r) {
        boolean wasAlive = registry.get(r.name()).map(e -> e.alive() && e.registration().equals(r)).orElse(false);
        BrainRegistry.Entry e = registry.register(r);
        if (!wasAlive) ownersChanged.run();
        signal();
        return e;
    }

    public void unregister(String name) {
        if (!registry.unregister(name)) throw new LayerXException.NotFound("no brain " + name);
        ownersChanged.run();
    }

    public List<BrainRegistry.Entry> brains() {
        return registry.list();
    }

    public BrainRegistry.Entry brain(String name) {
        return registry.get(name).orElseThrow(() -> new LayerXException.NotFound("no brain " + name));
    }

    /**
     * The brain's work as soon as the view is past {@code after} and there is some, or whatever there is when
     * {@code wait} runs out (a long-poll).
     */
    public Work work(String brain, long after, Duration wait) throws InterruptedException {
        brain(brain);
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            long seen = changes.get();
            Work w = cache.read(v -> snapshot(v, brain));
            Duration left = Duration.between(clock.instant(), deadline);
            if ((w.revision() > after && !w.jobs().isEmpty()) || left.isNegative() || left.isZero()) return w;
            lock.lock();
            try {
                if (changes.get() == seen) changed.await(left.toMillis() + 1, TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Applies a plan of the brain; one verdict per step, in order. */
    public List<Verdict> submit(String brain, List<PlanStep> steps) {
        if (!registry.alive(brain)) {
            throw new LayerXException.Conflict("brain " + brain + " is not registered or has stopped heartbeating: "
                    + "register again before submitting plans");
        }
        Verdict[] out = new Verdict[steps.size()];
        List<Integer> mine = new ArrayList<>();
        long revision = cache.read(v -> {
            for (int i = 0; i < steps.size(); i++) {
                String why = notMine(v, brain, steps.get(i));
                if (why == null) mine.add(i);
                else out[i] = new Verdict.Rejected(steps.get(i), "not-yours", why);
            }
            return v.revision();
        });
        List<Verdict> applied = applier.apply(new Plan(brain, revision, mine.stream().map(steps::get).toList()));
        for (int k = 0; k < mine.size(); k++) out[mine.get(k)] = applied.get(k);
        return List.of(out);
    }

    private String notMine(View v, String brain, PlanStep step) {
        if (step instanceof PlanStep.Nominate) return "nominate steps are the built-in preemption's; use place, stop and migrate";
        var task = v.task(step.taskId());
        if (task.isEmpty()) return null;
        var job = v.job(task.get().value().job());
        if (job.isEmpty()) return null;
        BrainRegistry.Owner owner = registry.ownerOf(job.get().value());
        if (owner instanceof BrainRegistry.External e && e.name().equals(brain)) return null;
        return "job " + job.get().value().name() + " is not placed by brain " + brain;
    }

    private Work snapshot(View v, String brain) {
        List<JobWork> jobs = new ArrayList<>();
        for (String name : v.jobsWithPending()) {
            Job job = v.job(name).map(Versioned::value).orElse(null);
            if (job == null || job.stopped()) continue;
            if (!(registry.ownerOf(job) instanceof BrainRegistry.External e) || !e.name().equals(brain)) continue;
            List<PendingTask> pending = v.pendingOf(name).stream().map(t -> new PendingTask(t.value().id(),
                    t.modRevision(), t.value().slot(), t.value().resources(), t.value().target(), t.value().nominated()))
                    .sorted(Comparator.comparingInt(PendingTask::slot)).toList();
            List<PlacedTask> placed = v.tasksOfJob(name).stream()
                    .filter(t -> t.value().node() != null && t.value().state().holdsResources())
                    .map(t -> new PlacedTask(t.value().id(), t.modRevision(), t.value().node(), t.value().state().wire()))
                    .toList();
            jobs.add(new JobWork(job, pending, placed));
        }
        jobs.sort(Comparator.comparingInt((JobWork j) -> -j.job().priority()).thenComparing(j -> j.job().name()));
        List<NodeRoom> nodes = jobs.isEmpty() ? List.of() : v.nodes().stream().map(n -> room(v, n.value()))
                .sorted(Comparator.comparing(NodeRoom::name)).toList();
        return new Work(v.revision(), jobs, nodes);
    }

    private static NodeRoom room(View v, Node n) {
        Resources free = n.schedulable().minus(v.allocated(n.name())).minus(v.reserved(n.name()));
        return new NodeRoom(n.name(), n.cluster(), n.provider(), n.state().wire(), n.labels(), n.capacity(), free);
    }

    private void signal() {
        changes.incrementAndGet();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

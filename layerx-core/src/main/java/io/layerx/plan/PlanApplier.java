package io.layerx.plan;

import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Task;
import io.layerx.model.Verdict;
import io.layerx.snapshot.StateCache;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer of placements (Citadel's cluster manager, Omega's shared-state check, Nomad's plan applier).
 * Each step is verified against the newest view plus the earlier steps of the same plan; what passes is committed
 * in one store transaction guarded by every touched task's revision (a migration writes its replacement and only
 * guards the original); each step gets a verdict with a reason.
 * Plans are checked one at a time, each against the view plus the {@link Reservations} of the plans checked before
 * it whose commit the view does not show yet; so the lock is not held across the synced commit, and plans of
 * several brains go to the store together. A plan whose commit fails gives its reservation back (the store's
 * compares guard the tasks either way).
 */
public final class PlanApplier {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Store store;
    private final StateCache cache;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Reservations held = new Reservations();
    private final MeterRegistry meters;
    private final Counter accepted;

    public PlanApplier(Store store, StateCache cache, InstantSource clock, MeterRegistry meters) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.meters = meters;
        this.accepted = Counter.builder("layerx.plan.steps.accepted").description("plan steps committed")
                .register(meters);
    }

    /**
     * Verifies and commits what fits; one verdict per step, in step order. Returns once the view shows the commit.
     * The check and the reservation of the plan's effects happen under the applier's lock; the synced commit and
     * the wait for the view do not, so plans of several brains are committed together (the store groups them).
     */
    public List<Verdict> apply(Plan plan) {
        if (plan.steps().isEmpty()) return List.of();
        Verdict[] verdicts = new Verdict[plan.steps().size()];
        StepCheck.Accepted[] records = new StepCheck.Accepted[verdicts.length];
        List<Integer> open = new ArrayList<>();
        Reservations.Reservation reservation;
        lock.lock();
        try {
            reservation = check(plan, verdicts, records, open);
            held.hold(reservation);
        } finally {
            lock.unlock();
        }
        long revision = 0;
        try {
            revision = commit(plan, records, verdicts, open);
        } finally {
            settle(reservation, revision);
        }
        if (revision > 0) cache.awaitRevision(revision, CATCH_UP);
        count(plan, verdicts);
        return List.of(verdicts);
    }

    /** Under the lock: checks every step against the view plus the held reservations; the accepted ones are open. */
    private Reservations.Reservation check(Plan plan, Verdict[] verdicts, StepCheck.Accepted[] records, List<Integer> open) {
        return cache.read(view -> {
            held.dropVisible(view.revision());
            StepCheck check = new StepCheck(view, clock.instant(), held);
            for (int i = 0; i < verdicts.length; i++) {
                Object r = check.check(plan.steps().get(i));
                if (r instanceof Verdict.Rejected rej) {
                    verdicts[i] = rej;
                } else {
                    records[i] = (StepCheck.Accepted) r;
                    open.add(i);
                }
            }
            return check.reservation();
        });
    }

    /** The reservation stays until the view shows {@code revision}; it goes at once when nothing was committed. */
    private void settle(Reservations.Reservation reservation, long revision) {
        lock.lock();
        try {
            if (revision > 0) {
                held.committed(reservation, revision);
            } else {
                held.release(reservation);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits the accepted steps; a step whose task changed since the check is refused as stale, the rest retried.
     * Returns the revision of the commit, 0 when every step was refused.
     */
    private long commit(Plan plan, StepCheck.Accepted[] records, Verdict[] verdicts, List<Integer> open) {
        Set<Integer> remaining = new LinkedHashSet<>(open);
        while (!remaining.isEmpty()) {
            Txn.Builder txn = Txn.builder();
            for (int i : remaining) {
                PlanStep step = plan.steps().get(i);
                Task next = records[i].next();
                String key = Keys.task(step.taskId());
                txn.expect(key, step.taskRevision());
                if (next.id().equals(step.taskId())) {
                    txn.put(key, Codec.encode(next));
                } else {
                    txn.expectAbsent(Keys.task(next.id())).put(Keys.task(next.id()), Codec.encode(next));
                }
            }
            TxnResult result = store.commit(txn.build());
            if (result.succeeded()) {
                for (int i : remaining) verdicts[i] = new Verdict.Accepted(plan.steps().get(i), result.revision());
                return result.revision();
            }
            Set<String> failed = new HashSet<>(result.failedCompares());
            for (var it = remaining.iterator(); it.hasNext(); ) {
                int i = it.next();
                PlanStep step = plan.steps().get(i);
                if (failed.contains(Keys.task(step.taskId()))) {
                    verdicts[i] = new Verdict.Rejected(step, "stale", "task " + step.taskId() + " changed while the plan was applied");
                    it.remove();
                }
            }
        }
        return 0;
    }

    private void count(Plan plan, Verdict[] verdicts) {
        for (Verdict v : verdicts) {
            switch (v) {
                case Verdict.Accepted a -> accepted.increment();
                case Verdict.Rejected r -> meters.counter("layerx.plan.steps.rejected", "code", r.code(),
                        "brain", plan.brain()).increment();
            }
        }
    }
}

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
 * Plans are applied one at a time, and the view has caught up with a commit before the next plan is checked.
 */
public final class PlanApplier {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Store store;
    private final StateCache cache;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
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

    /** Verifies and commits what fits; one verdict per step, in step order. */
    public List<Verdict> apply(Plan plan) {
        if (plan.steps().isEmpty()) return List.of();
        lock.lock();
        try {
            return applyLocked(plan);
        } finally {
            lock.unlock();
        }
    }

    private List<Verdict> applyLocked(Plan plan) {
        Verdict[] verdicts = new Verdict[plan.steps().size()];
        StepCheck.Accepted[] records = new StepCheck.Accepted[verdicts.length];
        List<Integer> open = new ArrayList<>();
        cache.read(view -> {
            StepCheck check = new StepCheck(view, clock.instant());
            for (int i = 0; i < verdicts.length; i++) {
                Object r = check.check(plan.steps().get(i));
                if (r instanceof Verdict.Rejected rej) {
                    verdicts[i] = rej;
                } else {
                    records[i] = (StepCheck.Accepted) r;
                    open.add(i);
                }
            }
            return null;
        });
        commit(plan, records, verdicts, open);
        count(plan, verdicts);
        return List.of(verdicts);
    }

    /** Commits the accepted steps; a step whose task changed since the check is refused as stale, the rest retried. */
    private void commit(Plan plan, StepCheck.Accepted[] records, Verdict[] verdicts, List<Integer> open) {
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
                cache.awaitRevision(result.revision(), CATCH_UP);
                return;
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

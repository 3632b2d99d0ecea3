package io.layerx.controller;

import io.layerx.clock.Timer;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.scheduler.feasibility.EligibleNodes;
import io.layerx.scheduler.reconcile.JobReconciler;
import io.layerx.scheduler.reconcile.Reconciliation;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each job into tasks: creates pending tasks for empty slots, stops what the job no longer wants, forgets old
 * finished tasks. Level-triggered: a job is reconciled when it or one of its tasks ends, when a slot's restart backoff
 * is over, and on every resync.
 */
public final class JobController implements AutoCloseable {

    private final Store store;
    private final StateCache cache;
    private final InstantSource clock;
    private final WorkQueue<String> queue;
    private final Duration resync;
    private final Timer timer;
    /** Jobs rolling out a new version: one of their tasks starting to run lets the next slot go. */
    private final Set<String> rolling = ConcurrentHashMap.newKeySet();

    public JobController(Store store, StateCache cache, InstantSource clock, Timer timer, Duration resync) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.resync = resync;
        this.timer = timer;
        this.queue = new WorkQueue<>("jobs", 2, Thread.ofVirtual().name("job-controller-", 0).factory(),
                this::reconcile, timer, null);
        cache.addListener(this::onChange);
    }

    public void start() {
        queue.start();
        queue.resyncEvery(resync, () -> cache.read(v -> v.jobs().stream().map(j -> j.value().name()).toList()));
    }

    public void enqueue(String job) {
        queue.enqueue(job);
    }

    private void onChange(Change change) {
        switch (change) {
            case Change.JobChanged j -> queue.enqueue(j.after() != null ? j.after().name() : j.before().name());
            case Change.TaskChanged t -> {
                Task now = t.after();
                boolean migrationMoved = now != null && now.replaces() != null && t.before() != null
                        && now.state() != t.before().state();
                boolean rollingStep = now != null && t.before() != null && now.state() == TaskState.RUNNING
                        && t.before().state() != TaskState.RUNNING && rolling.contains(now.job());
                if (now == null || t.before() == null || now.state().terminal() != t.before().state().terminal()
                        || migrationMoved || rollingStep) {
                    queue.enqueue(now != null ? now.job() : t.before().job());
                }
            }
            case Change.Resynced r -> cache.read(v -> v.jobs().stream().map(j -> j.value().name()).toList())
                    .forEach(queue::enqueue);
            case Change.NodeChanged n -> cache.read(v -> v.jobs().stream().map(Versioned::value)
                    .filter(j -> j.type() == JobType.SYSTEM).map(Job::name).toList()).forEach(queue::enqueue);
            case Change.ClusterChanged c -> { }
        }
    }

    /** Writes what the reconciler asks for in one transaction; a conflict means someone wrote meanwhile: run again. */
    boolean reconcile(String jobName) {
        Map<String, Long> revisions = new HashMap<>();
        Reconciliation r = cache.read(view -> {
            Job job = view.job(jobName).map(Versioned::value).orElse(null);
            List<Task> tasks = view.tasksOfJob(jobName).stream().peek(t -> revisions.put(t.value().id(), t.modRevision()))
                    .map(Versioned::value).toList();
            List<String> nodes = job != null && job.type() == JobType.SYSTEM ? EligibleNodes.of(view, job) : List.of();
            return JobReconciler.reconcile(job, tasks, nodes, clock.instant(), () -> Task.newId(jobName));
        });
        if (r.wakeIn() != null) timer.schedule(r.wakeIn(), () -> queue.enqueue(jobName));
        if (r.rolling()) rolling.add(jobName); else rolling.remove(jobName);
        if (r.noop()) return false;
        Txn.Builder txn = Txn.builder();
        for (Task t : r.create()) txn.expectAbsent(Keys.task(t.id())).put(Keys.task(t.id()), Codec.encode(t));
        for (Task t : r.stop()) txn.expect(Keys.task(t.id()), revisions.get(t.id())).put(Keys.task(t.id()), Codec.encode(t));
        for (Task t : r.forget()) txn.expect(Keys.task(t.id()), revisions.get(t.id())).delete(Keys.task(t.id()));
        TxnResult result = store.commit(txn.build());
        cache.awaitRevision(result.revision(), Duration.ofSeconds(30));
        return !result.succeeded();
    }

    @Override
    public void close() {
        queue.close();
    }
}

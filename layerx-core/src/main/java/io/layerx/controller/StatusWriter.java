package io.layerx.controller;

import io.layerx.model.DesiredState;
import io.layerx.model.Task;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.state.SideEffect;
import io.layerx.state.TaskEvent;
import io.layerx.state.TaskStateMachine;
import io.layerx.state.Transition;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what providers observe into committed task records: each report runs through the task state machine,
 * reports are batched into one transaction (guarded by each task's revision; a conflict re-reads and retries),
 * and side effects run only after the commit.
 */
public final class StatusWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
    private static final int BATCH = 2000;

    private record Report(String taskId, TaskEvent event, CompletableFuture<Void> done) {
    }

    private final Store store;
    private final StateCache cache;
    private final InstantSource clock;
    private final BiConsumer<String, Task> killOnNode;
    private final Consumer<String> reconcileJob;
    private final BlockingQueue<Report> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param killOnNode   asks the node's provider to stop a copy the core no longer wants (node name, task)
     * @param reconcileJob asks the job controller to look at a job again
     */
    public StatusWriter(Store store, StateCache cache, InstantSource clock, BiConsumer<String, Task> killOnNode,
                        Consumer<String> reconcileJob) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.killOnNode = killOnNode;
        this.reconcileJob = reconcileJob;
        this.worker = Thread.ofPlatform().name("status-writer").daemon().unstarted(this::loop);
    }

    public void start() {
        worker.start();
    }

    /** Queues what a provider saw; the future completes once it is committed (or was a no-op). */
    public CompletableFuture<Void> report(String taskId, TaskEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("status writer closed"));
        } else {
            queue.add(new Report(taskId, event, done));
        }
        return done;
    }

    private void loop() {
        while (!closed) {
            List<Report> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            try {
                write(batch);
            } catch (RuntimeException e) {
                log.warn("status batch of {} failed; retrying", batch.size(), e);
                queue.addAll(batch);
            }
        }
    }

    private void write(List<Report> batch) {
        Map<String, Versioned<Task>> base = new LinkedHashMap<>();
        Map<String, Task> next = new LinkedHashMap<>();
        Map<String, List<Runnable>> effects = new LinkedHashMap<>();
        cache.read(view -> {
            for (Report r : batch) step(view.task(r.taskId()), r, base, next, effects);
            return null;
        });
        Set<String> failed = Set.of();
        if (!next.isEmpty()) {
            Txn.Builder txn = Txn.builder();
            next.forEach((id, t) -> txn.expect(Keys.task(id), base.get(id).modRevision()).put(Keys.task(id), Codec.encode(t)));
            TxnResult result = store.commit(txn.build());
            cache.awaitRevision(result.revision(), Duration.ofSeconds(30));
            if (!result.succeeded()) failed = new HashSet<>(result.failedCompares());
        }
        for (Report r : batch) {
            if (failed.contains(Keys.task(r.taskId()))) {
                queue.add(r);
            } else {
                r.done().complete(null);
            }
        }
        for (var e : effects.entrySet()) {
            if (!failed.contains(Keys.task(e.getKey()))) e.getValue().forEach(StatusWriter::runEffect);
        }
    }

    private void step(Optional<Versioned<Task>> current, Report r, Map<String, Versioned<Task>> base,
                      Map<String, Task> next, Map<String, List<Runnable>> effects) {
        if (current.isEmpty()) return;
        base.putIfAbsent(r.taskId(), current.get());
        Task task = next.getOrDefault(r.taskId(), current.get().value());
        Transition tr = TaskStateMachine.apply(task, r.event());
        if (tr.changed()) {
            next.put(r.taskId(), task.withState(tr.state(), reasonOf(task, r.event()), exitCodeOf(r.event()), clock.instant()));
        }
        for (SideEffect e : tr.effects()) {
            List<Runnable> list = effects.computeIfAbsent(r.taskId(), k -> new ArrayList<>());
            switch (e) {
                case SideEffect.KillOnNode k -> list.add(() -> killOnNode.accept(k.node(), task));
                case SideEffect.Reconcile rc -> list.add(() -> reconcileJob.accept(rc.job()));
            }
        }
    }

    /**
     * The task's reason after the event: a node that reports a task it was told to stop as killed keeps LayerX's own
     * reason for the stop (migrated, replaced by a new version, job stopped), which says more than the node's.
     */
    private static String reasonOf(Task task, TaskEvent e) {
        if (e instanceof TaskEvent.Killed && task.desired() == DesiredState.STOP && !task.reason().isEmpty()) {
            return task.reason();
        }
        return switch (e) {
            case TaskEvent.Failed f -> f.reason();
            case TaskEvent.Lost l -> l.reason();
            case TaskEvent.Killed k -> k.reason();
            case TaskEvent.Exited x -> "exit code " + x.code();
            case TaskEvent.Starting s -> "";
            case TaskEvent.Running r -> "";
        };
    }

    private static Integer exitCodeOf(TaskEvent e) {
        return e instanceof TaskEvent.Exited x ? x.code() : null;
    }

    private static void runEffect(Runnable effect) {
        try {
            effect.run();
        } catch (RuntimeException e) {
            log.warn("side effect failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}

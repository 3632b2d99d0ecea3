package io.layerx.agent;

import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Observed;
import io.layerx.usage.Counters;
import io.layerx.usage.Usage;
import io.layerx.usage.UsageMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of LayerX: reconciles the node's desired set (from the server) with what runs here. A task in the set
 * with {@code run} that this node never started is started, once: its record is on disk before anything else, so a
 * set delivered twice, or after an agent restart, starts nothing again. A task with {@code stop}, or not in the set
 * any more, is stopped. A running task whose reservation changed (a resize in place) gets the new limits through its
 * driver, and its record keeps the limits in force. What runs is observed every {@link #OBSERVE}, and every change is
 * reported at once.
 */
final class TaskSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskSupervisor.class);
    static final Duration OBSERVE = Duration.ofMillis(250);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How long a refused resize waits before the same size is tried again (memory may be freed meanwhile). */
    static final Duration RESIZE_RETRY = Duration.ofSeconds(30);

    private final DataDir data;
    private final Map<String, Driver> drivers;
    private final Runnable changed;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LocalRecord> tasks = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final UsageMeter meter = new UsageMeter();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new HashMap<>();
    private volatile Set<String> desired = Set.of();
    private final HealthProbes health;

    /** @param changed called when an observation changed, so the agent reports it now */
    TaskSupervisor(DataDir data, List<Driver> drivers, InstantSource clock, Runnable changed) {
        this.data = data;
        this.drivers = new HashMap<>();
        drivers.forEach(d -> this.drivers.put(d.name(), d));
        this.changed = changed;
        this.clock = clock;
        this.health = new HealthProbes(clock, this::unhealthy, this::check);
    }

    /** Takes back the tasks a previous run of this agent started (they kept running meanwhile). */
    void adopt() {
        lock.lock();
        try {
            for (LocalRecord r : data.records()) {
                if (r.finished()) continue;
                tasks.put(r.task(), r);
                log.info("adopted task {} ({} {})", r.task(), r.driver(), r.container() != null ? r.container() : "pid " + r.pid());
            }
            observeAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the node reports: every task it knows, running (with what it uses, once measured) or how it ended. */
    List<Observed> observed() {
        List<Observed> out = new ArrayList<>();
        for (LocalRecord r : tasks.values()) {
            out.add(r.finished() ? r.end() : new Observed(r.task(), TaskState.RUNNING, null, "", usage.get(r.task())));
        }
        return out;
    }

    /**
     * Measures what each running task uses (outside the lock: an engine's stats take a round trip). Called by the
     * agent's one usage loop.
     */
    void measure() {
        List<LocalRecord> running = tasks.values().stream().filter(r -> !r.finished()).toList();
        Set<String> ids = new HashSet<>();
        for (LocalRecord r : running) {
            ids.add(r.task());
            Driver d = drivers.get(r.driver());
            if (d == null) continue;
            d.counters(r).flatMap(c -> meter.read(r.task(), c, System.nanoTime())).ifPresent(u -> usage.put(r.task(), u));
        }
        meter.keepOnly(ids);
        usage.keySet().retainAll(ids);
    }

    /** The pids of the exec tasks running now, by task (for tests and status). */
    Map<String, Long> pids() {
        Map<String, Long> out = new HashMap<>();
        tasks.values().stream().filter(r -> !r.finished() && r.pid() > 0).forEach(r -> out.put(r.task(), r.pid()));
        return out;
    }

    boolean isRunning(String task) {
        LocalRecord r = tasks.get(task);
        return r != null && !r.finished();
    }

    void reconcile(Assignments set) {
        lock.lock();
        try {
            Map<String, Assignment> want = new HashMap<>();
            set.tasks().forEach(a -> want.put(a.task(), a));
            desired = Set.copyOf(want.keySet());
            for (Assignment a : set.tasks()) apply(a);
            for (LocalRecord r : List.copyOf(tasks.values())) {
                if (want.containsKey(r.task())) continue;
                if (!r.finished()) {
                    stopLater(r, TaskState.KILLED, "not assigned to this node any more");
                } else {
                    tasks.remove(r.task());
                }
            }
            data.prune(tasks.keySet());
        } finally {
            lock.unlock();
        }
    }

    private void apply(Assignment a) {
        LocalRecord r = tasks.get(a.task());
        if (r == null) r = onDisk(a.task()).orElse(null);
        if (a.desired() == DesiredState.RUN) {
            if (r == null) r = start(a);
            else tasks.putIfAbsent(a.task(), r);
            if (!r.finished()) {
                health.watch(a, r.started());
                resize(r, a.resources());
            }
            return;
        }
        if (r == null) {
            LocalRecord never = new LocalRecord(a.task(), a.job(), a.spec().driver(), 0, 0, null, List.of(),
                    a.resources(), clock.instant(), null).ended(TaskState.KILLED, null, "stopped before it started");
            tasks.put(a.task(), never);
            changed.run();
        } else {
            tasks.putIfAbsent(a.task(), r);
            if (!r.finished()) stopLater(r, TaskState.KILLED, "stopped");
        }
    }

    /** A size the driver could not apply, and when: tried again after {@link #RESIZE_RETRY}, not on every set. */
    private record Refusal(Resources size, String reason, Instant at) {
    }

    /**
     * Applies a changed reservation to a running task in place. What the driver refuses keeps its old limit, is
     * logged once (with the kernel's or engine's reason) and tried again after {@link #RESIZE_RETRY}.
     */
    private void resize(LocalRecord r, Resources wanted) {
        if (r.limitedTo(wanted)) {
            refusals.remove(r.task());
            return;
        }
        Driver d = drivers.get(r.driver());
        Refusal last = refusals.get(r.task());
        if (d == null || stopping.contains(r.task())) return;
        if (last != null && last.size().equals(wanted) && clock.instant().isBefore(last.at().plus(RESIZE_RETRY))) return;
        Driver.Resized done;
        try {
            done = d.resize(r, wanted);
        } catch (RuntimeException e) {
            done = new Driver.Resized(r.resources(), e.toString());
        }
        LocalRecord now = r.withResources(done.applied());
        data.save(now);
        tasks.put(r.task(), now);
        if (done.complete()) {
            refusals.remove(r.task());
            log.info("task {} resized in place to {}m cpu, {} MiB", r.task(), wanted.cpu(), wanted.memory());
            return;
        }
        boolean news = last == null || !last.size().equals(wanted) || !last.reason().equals(done.refused());
        String line = "task {}: resize to {}m cpu, {} MiB not (fully) applied, the old limits stay: {}; trying again in {} s";
        Object[] args = {r.task(), wanted.cpu(), wanted.memory(), done.refused(), RESIZE_RETRY.toSeconds()};
        if (news) log.warn(line, args); else log.debug(line, args);
        refusals.put(r.task(), new Refusal(wanted, done.refused(), clock.instant()));
    }

    private Optional<LocalRecord> onDisk(String task) {
        return DataDir.read(data.taskDir(task).resolve("task.json"), LocalRecord.class);
    }

    private LocalRecord start(Assignment a) {
        Driver d = drivers.get(a.spec().driver());
        LocalRecord r;
        if (d == null) {
            r = new LocalRecord(a.task(), a.job(), a.spec().driver(), 0, 0, null, List.of(), a.resources(),
                    clock.instant(), null)
                    .ended(TaskState.FAILED, null, "driver '" + a.spec().driver() + "' is not available on this node");
        } else {
            try {
                r = d.start(a);
            } catch (RuntimeException e) {
                log.warn("task {} failed to start", a.task(), e);
                r = new LocalRecord(a.task(), a.job(), d.name(), 0, 0, null, List.of(), a.resources(),
                        clock.instant(), null)
                        .ended(TaskState.FAILED, null, "cannot start: " + e.getMessage());
            }
        }
        data.createTaskDir(a.task());
        data.save(r);
        tasks.put(a.task(), r);
        log.info("task {} {}", a.task(), r.finished() ? "failed to start: " + r.end().reason() : "started");
        changed.run();
        return r;
    }

    /** Looks at every running task; records and reports what ended. */
    void observeAll() {
        lock.lock();
        try {
            for (LocalRecord r : List.copyOf(tasks.values())) {
                if (r.finished() || stopping.contains(r.task())) continue;
                Driver d = drivers.get(r.driver());
                if (d == null) continue;
                if (d.observe(r) instanceof Driver.Ended e) finish(r, d, e.state(), e.exitCode(), e.reason());
            }
        } catch (RuntimeException e) {
            log.warn("observing tasks failed", e);
        } finally {
            lock.unlock();
        }
        health.tick();
    }

    /** A command check of a running task, through its driver; nothing to check once it ended. */
    private Optional<String> check(Assignment a, List<String> command, Duration timeout)
            throws java.io.IOException, InterruptedException {
        LocalRecord r = tasks.get(a.task());
        Driver d = r == null ? null : drivers.get(r.driver());
        if (d == null || r.finished()) return Optional.empty();
        return d.check(r, a, command, timeout);
    }

    /** A task failed its health checks: it is stopped, and reported failed with why. */
    private void unhealthy(String task, String reason) {
        lock.lock();
        try {
            LocalRecord r = tasks.get(task);
            if (r == null || r.finished()) return;
            log.info("task {} is {}", task, reason);
            stopLater(r, TaskState.FAILED, reason);
        } finally {
            lock.unlock();
        }
    }

    private void finish(LocalRecord r, Driver d, TaskState state, Integer code, String reason) {
        health.forget(r.task());
        refusals.remove(r.task());
        LocalRecord done = r.ended(state, code, reason);
        data.save(done);
        d.release(done);
        if (desired.contains(r.task())) tasks.put(r.task(), done); else tasks.remove(r.task());
        log.info("task {} ended: {} {}", r.task(), state.wire(), reason);
        changed.run();
    }

    private void stopLater(LocalRecord r, TaskState end, String reason) {
        if (!stopping.add(r.task())) return;
        Thread.ofVirtual().name("stop-" + r.task()).start(() -> {
            Driver d = drivers.get(r.driver());
            try {
                if (d != null) d.stop(r, STOP_GRACE);
            } catch (RuntimeException e) {
                log.warn("stopping task {} failed", r.task(), e);
            }
            lock.lock();
            try {
                if (d != null) finish(r, d, end, null, reason);
            } finally {
                stopping.remove(r.task());
                lock.unlock();
            }
        });
    }

    @Override
    public void close() {
        health.close();
    }

    /**
     * Stops every task this agent runs and waits (at most a stop grace and a little more) until they are stopped:
     * the node is not this agent's any more, so whatever it runs runs elsewhere too.
     */
    void stopAll() throws InterruptedException {
        reconcile(new Assignments(0, List.of()));
        long deadline = System.nanoTime() + STOP_GRACE.plusSeconds(5).toNanos();
        while (!stopping.isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    }
}

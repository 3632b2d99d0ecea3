package io.layerx.bench;

import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.snapshot.Change;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Decision latency under load: jobs of {@code jobSize} tasks arrive at a fixed rate ({@code rate} tasks per
 * second, offered whether or not the core keeps up) on {@code nodes} simulated nodes. For each task:
 * <ul>
 * <li>decision latency: from the moment the view shows it pending until the plan applier checks its placement
 * (the instant the applier stamps on the record): queueing, planning and the applier's check;</li>
 * <li>commit latency: from the same moment until the view shows the placement committed (adds the synced store
 * transaction and the watch);</li>
 * <li>submission: how long each job's {@code submitJob} (the call the HTTP route makes) took to return, and the
 * jobs submitted per second (all jobs over the time until the last submission returned).</li>
 * </ul>
 * Samples of the first {@code warmup} are dropped (JIT warm-up).
 */
public final class LatencyScenario {

    static final Resources NODE = Resources.of(4_000, 16_384);
    static final Resources TASK = Resources.of(100, 128);

    public record Params(int nodes, int rate, Duration duration, int jobSize, int brains, Duration warmup) {
    }

    private LatencyScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        int jobsTotal = (int) Math.max(1, p.rate() * p.duration().toMillis() / 1000 / p.jobSize());
        Jobs jobs = Jobs.of("lat-", jobsTotal, p.jobSize(), TASK);
        NanoClock clock = new NanoClock();
        Samples samples = new Samples(clock, jobs.tasks());
        Submissions submissions = new Submissions(jobs.count());
        try (Rig rig = Rig.start(p.brains(), clock)) {
            rig.addSimCluster("big", p.nodes(), NODE, 3, "");
            rig.listen(samples::onChange);
            rig.countOnly(jobs::owns);
            long start = System.nanoTime();
            samples.from = start + p.warmup().toNanos();
            submissions.from = samples.from;
            offer(rig, jobs, p, submissions);
            boolean done = rig.awaitPlaced(jobs.tasks(), Wave.STALL, Duration.ofMinutes(10));
            double seconds = (rig.lastPlacedAt(start) - start) / 1e9;
            Rig.Stored stored = rig.committed(jobs::owns);
            return Figures.of("latency", stored.tasks(), seconds)
                    .percentiles("", samples.decisions())
                    .percentiles("commit_", samples.commits())
                    .percentiles("submit_", submissions.latencies())
                    .put("submitted_jobs_per_second", Math.round(jobs.count() / ((submissions.last.get() - start) / 1e9)))
                    .put("samples", samples.count.get())
                    .put("offered_tasks_per_second", p.rate()).put("tasks", jobs.tasks()).put("job_size", p.jobSize())
                    .put("counted", rig.placed()).put("submit_timeouts", rig.submitTimeouts()).put("nodes", p.nodes()).put("brains", p.brains())
                    .put("warmup_seconds", p.warmup().toSeconds())
                    .put("complete", done && stored.tasks() == jobs.tasks()).put("store", "embedded");
        }
    }

    /**
     * Submits one job every jobSize/rate seconds, each on its own virtual thread so a slow commit delays no other.
     * The generator wakes at most once a millisecond and submits every job due by then (at 10,000 jobs/s a timer
     * tick per job cost the machine as much as a tenth of what it measured).
     */
    private static void offer(Rig rig, Jobs jobs, Params p, Submissions submissions) {
        long period = 1_000_000_000L * p.jobSize() / p.rate();
        try (ExecutorService submits = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            int next = 0;
            while (next < jobs.count()) {
                long now = System.nanoTime();
                long due = start + next * period;
                if (due > now) {
                    LockSupport.parkNanos(Math.max(due - now, TICK_NANOS));
                    continue;
                }
                while (next < jobs.count() && start + next * period <= now) {
                    int i = next++;
                    submits.submit(() -> submissions.time(() -> rig.submit(jobs.job(i))));
                }
            }
        }
    }

    private static final long TICK_NANOS = 1_000_000;

    /** How long the measured submissions took, and when the last one returned. */
    private static final class Submissions {
        private final long[] latency;
        private final AtomicInteger count = new AtomicInteger();
        final AtomicLong last = new AtomicLong();
        volatile long from;

        Submissions(int jobs) {
            this.latency = new long[jobs];
        }

        void time(Runnable submit) {
            long began = System.nanoTime();
            submit.run();
            long ended = System.nanoTime();
            if (began >= from) latency[count.getAndIncrement()] = ended - began;
            last.accumulateAndGet(ended, Math::max);
        }

        long[] latencies() {
            return java.util.Arrays.copyOf(latency, count.get());
        }
    }

    /** Latency samples of the measured jobs, taken on the view's thread. */
    private static final class Samples {
        private final NanoClock clock;
        private final Map<String, Long> pendingAt = new ConcurrentHashMap<>();
        private final long[] decision;
        private final long[] commit;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong dropped = new AtomicLong();
        volatile long from;

        Samples(NanoClock clock, long capacity) {
            this.clock = clock;
            this.decision = new long[(int) capacity];
            this.commit = new long[(int) capacity];
        }

        void onChange(Change c) {
            if (!(c instanceof Change.TaskChanged t) || t.after() == null || !t.after().job().startsWith("lat-")) return;
            long now = System.nanoTime();
            if (t.before() == null && t.after().pending()) {
                pendingAt.put(t.after().id(), now);
            } else if (t.before() != null && t.before().pending() && t.after().state() == TaskState.ASSIGNED) {
                Long seen = pendingAt.remove(t.after().id());
                if (seen == null || seen < from) {
                    dropped.incrementAndGet();
                    return;
                }
                int i = count.getAndIncrement();
                decision[i] = clock.nanosOf(t.after().updated()) - seen;
                commit[i] = now - seen;
            }
        }

        long[] decisions() {
            return java.util.Arrays.copyOf(decision, count.get());
        }

        long[] commits() {
            return java.util.Arrays.copyOf(commit, count.get());
        }
    }
}

package io.layerx.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the tasks of each job, and of each image, used over {@link #WINDOW}: one sample per task report, at most
 * {@link #MAX_SAMPLES} per job or image (the oldest go first) and none older than the window, so storage is bounded
 * by the number of jobs and images. In memory, checkpointed to the store by {@link HistoryCheckpoints} (thinned), so
 * a restarted server recommends from what it saw before.
 */
public final class UsageHistory implements UsageListener {
    public static final Duration WINDOW = Duration.ofHours(24);
    public static final int MAX_SAMPLES = 8192;

    /** One task's use at one report. */
    public record Sample(Instant at, String task, long cpu, long memory) {
    }

    private final InstantSource clock;
    private final Function<String, Optional<String>> imageOfJob;
    private final Map<String, Deque<Sample>> byKey = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    /** @param imageOfJob the image a job's tasks run, if any (histories per image are kept too) */
    public UsageHistory(InstantSource clock, Function<String, Optional<String>> imageOfJob) {
        this.clock = clock;
        this.imageOfJob = imageOfJob;
    }

    @Override
    public void reported(NodeUsage report) {
        for (TaskUsage t : report.tasks()) {
            if (t.job() == null) continue;
            Sample s = new Sample(t.at(), t.task(), t.used().cpu(), t.used().memory());
            add("job:" + t.job(), s);
            imageOfJob.apply(t.job()).ifPresent(image -> add("image:" + image, s));
        }
    }

    private void add(String key, Sample s) {
        Deque<Sample> q = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(s);
            while (q.size() > MAX_SAMPLES) q.removeFirst();
            trim(q);
        }
        changed.add(key);
    }

    /** Puts back samples of {@code key} (a checkpoint's): older than the window or beyond the bound are dropped. */
    void restore(String key, List<Sample> samples) {
        Deque<Sample> q = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            List<Sample> all = new ArrayList<>(q);
            all.addAll(samples);
            all.sort(Comparator.comparing(Sample::at));
            q.clear();
            q.addAll(all.subList(Math.max(0, all.size() - MAX_SAMPLES), all.size()));
            trim(q);
        }
    }

    /** The keys ({@code job:NAME}, {@code image:NAME}) whose samples changed since the last call, and forgets them. */
    Set<String> takeChanged() {
        Set<String> out = new TreeSet<>();
        for (String k : List.copyOf(changed)) {
            if (changed.remove(k)) out.add(k);
        }
        return out;
    }

    /** Every key that has samples now. */
    Set<String> keys() {
        return Set.copyOf(byKey.keySet());
    }

    private void trim(Deque<Sample> q) {
        Instant oldest = clock.instant().minus(WINDOW);
        while (!q.isEmpty() && q.peekFirst().at().isBefore(oldest)) q.removeFirst();
    }

    public List<Sample> ofJob(String job) {
        return samples("job:" + job);
    }

    public List<Sample> ofImage(String image) {
        return samples("image:" + image);
    }

    List<Sample> samples(String key) {
        Deque<Sample> q = byKey.get(key);
        if (q == null) return List.of();
        synchronized (q) {
            trim(q);
            return new ArrayList<>(q);
        }
    }
}

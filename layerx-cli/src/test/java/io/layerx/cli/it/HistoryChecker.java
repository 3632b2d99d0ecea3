package io.layerx.cli.it;

import static org.awaitility.Awaitility.await;

import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Watch;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays a store's whole history, revision by revision (a watch from revision 1), and checks after each revision:
 * no node holds more than its capacity, no task is placed on two nodes, no replica slot of a job holds two placed
 * tasks; and at the end, every acknowledged job is there.
 */
final class HistoryChecker {

    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, String> placedOn = new HashMap<>();
    private final Set<String> jobs = new java.util.HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long revisions;

    /** One revision's changes. */
    private record Step(long revision, List<WatchEvent> events) {
    }

    /** Reads the whole history of {@code store} up to now and returns every violation found (empty: none). */
    static HistoryChecker replay(Store store, Duration timeout) {
        long until = store.revision();
        List<Step> steps = new CopyOnWriteArrayList<>();
        AtomicLong seen = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (Watch w = store.watch("/", 1, new WatchListener() {
            @Override
            public void onEvents(long revision, List<WatchEvent> events) {
                steps.add(new Step(revision, events));
                seen.set(revision);
            }

            @Override
            public void onError(Throwable error) {
                failed.set(error);
            }
        })) {
            await().atMost(timeout).until(() -> failed.get() != null || seen.get() >= until);
        }
        if (failed.get() != null) throw new IllegalStateException("cannot replay the history", failed.get());
        HistoryChecker checker = new HistoryChecker();
        steps.stream().filter(s -> s.revision() <= until).forEach(checker::apply);
        return checker;
    }

    private void apply(Step step) {
        revisions++;
        for (WatchEvent e : step.events()) {
            String key = e.kv().key();
            boolean put = e.type() == WatchEvent.Type.PUT;
            if (key.startsWith(Keys.TASKS)) {
                if (put) task(step.revision(), Codec.decode(e.kv().value(), Task.class));
                else tasks.remove(key.substring(Keys.TASKS.length()));
            } else if (key.startsWith(Keys.NODES) && put) {
                Node n = Codec.decode(e.kv().value(), Node.class);
                nodes.put(n.name(), n);
            } else if (key.startsWith(Keys.JOBS)) {
                if (put) jobs.add(key.substring(Keys.JOBS.length()));
                else jobs.remove(key.substring(Keys.JOBS.length()));
            }
        }
        checkNodes(step.revision());
        checkSlots(step.revision());
    }

    private void task(long revision, Task t) {
        tasks.put(t.id(), t);
        if (t.node() == null) return;
        String before = placedOn.putIfAbsent(t.id(), t.node());
        if (before != null && !before.equals(t.node())) {
            violations.add("revision " + revision + ": task " + t.id() + " placed on " + before + " and on "
                    + t.node());
        }
    }

    private void checkNodes(long revision) {
        Map<String, Resources> used = new HashMap<>();
        for (Task t : tasks.values()) {
            if (t.node() != null && t.state().holdsResources()) used.merge(t.node(), t.resources(), Resources::plus);
        }
        used.forEach((node, sum) -> {
            Node n = nodes.get(node);
            if (n == null) {
                violations.add("revision " + revision + ": tasks hold resources on unknown node " + node);
            } else if (!n.capacity().fits(sum)) {
                violations.add("revision " + revision + ": node " + node + " over-committed: " + sum + " of "
                        + n.capacity());
            }
        });
    }

    private void checkSlots(long revision) {
        Map<String, List<String>> bySlot = new HashMap<>();
        for (Task t : tasks.values()) {
            if (t.node() != null && t.state().holdsResources()) {
                bySlot.computeIfAbsent(t.job() + "#" + t.slot(), k -> new ArrayList<>()).add(t.id());
            }
        }
        bySlot.forEach((slot, ids) -> {
            if (ids.size() > 1) violations.add("revision " + revision + ": slot " + slot + " placed twice: " + ids);
        });
    }

    /** Every violation, plus every acknowledged job missing at the end. */
    List<String> violations(Set<String> acknowledged) {
        List<String> out = new ArrayList<>(violations);
        for (String job : acknowledged) {
            if (!jobs.contains(job)) out.add("acknowledged job " + job + " is missing");
        }
        return out;
    }

    long revisions() {
        return revisions;
    }

    int tasks() {
        return tasks.size();
    }
}

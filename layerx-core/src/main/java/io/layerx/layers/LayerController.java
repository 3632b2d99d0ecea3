package io.layerx.layers;

import io.layerx.clock.Timer;
import io.layerx.controller.NodeWriter;
import io.layerx.controller.runtime.WorkQueue;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.Requirement;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.plan.Moves;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every image set to its target version on the nodes it selects, one reconcile per set at a time: it runs the
 * members as pinned service jobs ({@link MemberJobs}), finds each node's state from their tasks, rolls new versions
 * node by node within the set's budget ({@link Rollout}), moves layer-2 work that requires the set off a node by live
 * migration before its members change, labels nodes where the set is ready (what {@code requires} checks), and writes
 * the result, which is the set's event on the stream. A failed member heals by its job's restarts with back-off; a roll
 * whose node fails before it is ready stops there.
 */
public final class LayerController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LayerController.class);
    private static final Duration RESYNC = Duration.ofSeconds(1);

    private final Store store;
    private final StateCache cache;
    private final Moves moves;
    private final NodeWriter nodes;
    private final Consumer<Job> submit;
    private final Consumer<String> stop;
    private final InstantSource clock;
    private final WorkQueue<String> queue;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param submit creates or updates a member job (the control plane's submit)
     * @param stop   stops a member job that is no longer wanted
     */
    public LayerController(Store store, StateCache cache, Moves moves, NodeWriter nodes, Consumer<Job> submit,
                           Consumer<String> stop, Timer timer, InstantSource clock) {
        this.store = store;
        this.cache = cache;
        this.moves = moves;
        this.nodes = nodes;
        this.submit = submit;
        this.stop = stop;
        this.clock = clock;
        this.queue = new WorkQueue<>("layers", 1, Thread.ofVirtual().name("layers-", 0).factory(), this::reconcile,
                timer, null);
        cache.addListener(this::onChange);
    }

    public void start() {
        queue.start();
        queue.resyncEvery(RESYNC, this::names);
    }

    private List<String> names() {
        List<String> names = store.list(Keys.IMAGESETS).items().stream().map(kv -> Keys.idOf(kv.key())).toList();
        List<String> all = new ArrayList<>(names);
        for (String k : known) if (!names.contains(k)) all.add(k);
        known.addAll(names);
        return all;
    }

    /** Tasks, nodes and jobs decide a set's state; every known set looks again (few sets, coalesced). */
    private void onChange(Change change) {
        if (known.isEmpty() || change instanceof Change.ClusterChanged) return;
        known.forEach(queue::enqueue);
    }

    boolean reconcile(String name) {
        Optional<ImageSetHistory> history = store.get(Keys.imageSet(name))
                .map(kv -> Codec.decode(kv.value(), ImageSetHistory.class));
        Optional<KeyValue> statusKv = store.get(Keys.imageSetState(name));
        ImageSetStatus before = statusKv.map(kv -> Codec.decode(kv.value(), ImageSetStatus.class)).orElse(null);
        if (history.isEmpty()) {
            remove(name, before);
            return false;
        }
        ImageSetHistory h = history.get();
        Rollout.Result r = cache.read(v -> Rollout.next(v, h, before, clock.instant()));
        boolean again = false;
        for (String node : r.drain()) again |= drain(name, node);
        for (Job j : r.submit()) submit.accept(j);
        for (String j : r.stop()) stop.accept(j);
        for (Map.Entry<String, Long> e : r.labels().entrySet()) label(e.getKey(), name, e.getValue());
        ImageSetStatus after = r.status();
        if (after.failedNode() != null && (before == null || before.failedNode() == null)) {
            log.warn("image set {}: the roll to version {} stopped on node {} (alert): {}", name, after.target(),
                    after.failedNode(), after.failure());
        }
        for (NodeLayer n : after.nodes().values()) {
            NodeLayer was = before == null ? null : before.nodes().get(n.node());
            if (n.state() == LayerState.FAILED && (was == null || was.state() != LayerState.FAILED)) {
                log.warn("image set {} failed on node {} (alert): {}; its members restart with back-off", name,
                        n.node(), n.reason());
            }
        }
        if (!after.same(before)) write(name, statusKv, after);
        return again;
    }

    /**
     * Starts a live migration for every running layer-2 task on the node that requires the set; true when a move could
     * not start (tried again with backoff). Moves under way need no retry: their tasks' changes bring the set back.
     */
    private boolean drain(String set, String node) {
        List<String> movable = cache.read(v -> Rollout.dependents(v, set, node).stream()
                .filter(t -> t.state() == TaskState.RUNNING && Moves.replacementOf(v, t).isEmpty())
                .map(Task::id).toList());
        boolean again = false;
        for (String id : movable) {
            try {
                moves.migrate(id, null, null);
            } catch (LayerXException e) {
                log.info("image set {}: layer-2 task {} cannot leave {} yet: {}", set, id, node, e.getMessage());
                again = true;
            }
        }
        return again;
    }

    /** Says on the node whether the set is ready there ({@code version} > 0) or not. */
    private void label(String node, String set, long version) {
        String key = Requirement.label(set);
        nodes.update(node, n -> {
            Map<String, String> labels = new HashMap<>(n.labels());
            if (version > 0) labels.put(key, Long.toString(version));
            else labels.remove(key);
            return labels.equals(n.labels()) ? n : n.withLabels(labels);
        });
    }

    private void write(String name, Optional<KeyValue> before, ImageSetStatus status) {
        String key = Keys.imageSetState(name);
        Txn.Builder txn = Txn.builder();
        if (before.isPresent()) txn.expect(key, before.get().modRevision());
        else txn.expectAbsent(key);
        store.commit(txn.put(key, Codec.encode(status)).build());
    }

    /** A deleted set: its member jobs stop, its labels go, its state goes. */
    private void remove(String name, ImageSetStatus before) {
        List<String> jobs = cache.read(v -> MemberJobs.of(v, name).stream().filter(j -> !j.stopped()).map(Job::name).toList());
        jobs.forEach(stop);
        List<String> labelled = cache.read(v -> v.nodes().stream().map(Versioned::value)
                .filter(n -> n.labels().containsKey(Requirement.label(name))).map(Node::name).toList());
        labelled.forEach(n -> label(n, name, 0));
        if (before != null) store.commit(Txn.builder().delete(Keys.imageSetState(name)).build());
        known.remove(name);
    }

    @Override
    public void close() {
        queue.close();
    }
}

package io.layerx.rebalance;

import io.layerx.clock.Timer;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.plan.Moves;
import io.layerx.scheduler.feasibility.ConstraintCheck;
import io.layerx.scheduler.placement.Relocation;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import io.layerx.store.Codec;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous re-placement, off by default. In {@code binpack} mode it frees whole nodes: it takes the least-used node
 * whose every task fits on the other nodes in use (GPU devices included; a task of a fuller node may move on to make
 * room, {@link Consolidation}), and moves those tasks there one by one; in {@code spread} mode it moves a
 * task from the fullest node to the emptiest when their utilization differs by more than the threshold. Every move
 * is a live migration, start before stop; at most one replica of a job moves at a time, and no more than the budget
 * of moves starts in any minute. Only running service tasks move. Settings are durable ({@code /config/rebalancer}).
 */
public final class Rebalancer implements AutoCloseable {

    static final String KEY = "/config/rebalancer";
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration REFUSAL_MEMORY = Duration.ofMinutes(1);

    /** What it does now and has done. */
    public record Status(RebalancerSettings settings, long moves, long refused) {
    }

    private record Move(String task, String target) {
    }

    private final Store store;
    private final StateCache cache;
    private final Moves moves;
    private final Timer timer;
    private final InstantSource clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private final Map<Move, Instant> refusedAt = new HashMap<>();
    private final AtomicLong moved = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile RebalancerSettings settings = RebalancerSettings.OFF;
    private volatile boolean closed;

    public Rebalancer(Store store, StateCache cache, Moves moves, Timer timer, InstantSource clock) {
        this.store = store;
        this.cache = cache;
        this.moves = moves;
        this.timer = timer;
        this.clock = clock;
    }

    public void start() {
        store.get(KEY).ifPresent(kv -> settings = Codec.decode(kv.value(), RebalancerSettings.class));
        timer.schedule(TICK, this::tick);
    }

    /** Stores new settings (durable before it returns) and follows them from the next tick. */
    public Status configure(RebalancerSettings next) {
        store.commit(Txn.builder().put(KEY, Codec.encode(next)).build());
        settings = next;
        return status();
    }

    /** Where placement may move a task to make room for an arriving one ({@link RebalancerSettings#onArrival}); or null. */
    public Relocation.Policy onArrival() {
        RebalancerSettings s = settings;
        return s.onArrival() ? new Relocation.Policy(s.clusters()) : null;
    }

    public Status status() {
        return new Status(settings, moved.get(), refused.get());
    }

    private void tick() {
        if (closed) return;
        try {
            RebalancerSettings s = settings;
            if (s.enabled() && withinBudget(s)) {
                // binpack's search (millions of room checks on a big pool) runs on a copy, not holding the view's lock
                Optional<Move> move = s.mode() == Strategy.SPREAD ? cache.read(v -> evenOut(v, s))
                        : freeANode(cache.read(v -> pool(v, s)));
                move.ifPresent(this::start);
            }
        } catch (RuntimeException e) {
            log.warn("rebalancer tick failed", e);
        } finally {
            if (!closed) timer.schedule(TICK, this::tick);
        }
    }

    private void start(Move m) {
        try {
            moves.migrate(m.task(), m.target(), null);
            recent.addLast(clock.instant());
            moved.incrementAndGet();
        } catch (LayerXException e) {
            refusedAt.put(m, clock.instant());
            refused.incrementAndGet();
            log.debug("rebalancer: move of {} to {} refused: {}", m.task(), m.target(), e.getMessage());
        }
    }

    private boolean withinBudget(RebalancerSettings s) {
        Instant windowStart = clock.instant().minus(Duration.ofMinutes(1));
        while (!recent.isEmpty() && recent.peekFirst().isBefore(windowStart)) recent.removeFirst();
        refusedAt.values().removeIf(at -> at.isBefore(clock.instant().minus(REFUSAL_MEMORY)));
        return recent.size() < s.movesPerMinute();
    }

    /**
     * What a binpack plan reads of the view, copied under its read lock: the hosts with their pieces, and for each
     * task the check of its job's constraints, for each node the node and its cluster (all immutable values).
     */
    private record Pool(List<Consolidation.Host> hosts, Map<String, ConstraintCheck> checks, Map<String, Node> nodes,
                        Map<String, Cluster> clusters) {
    }

    private static Pool pool(View v, RebalancerSettings s) {
        List<Consolidation.Host> hosts = new ArrayList<>();
        Map<String, ConstraintCheck> checks = new HashMap<>();
        Map<String, ConstraintCheck> byJob = new HashMap<>();
        Map<String, Node> nodes = new HashMap<>();
        Map<String, Cluster> clusters = new HashMap<>();
        for (Node n : scope(v, s)) {
            nodes.put(n.name(), n);
            v.cluster(n.cluster()).map(Versioned::value).ifPresent(c -> clusters.put(c.name(), c));
            List<Consolidation.Piece> pieces = new ArrayList<>();
            for (Versioned<Task> vt : v.tasksOnNode(n.name())) {
                Task t = vt.value();
                pieces.add(new Consolidation.Piece(t.id(), t.resources(), n.positions(t.gpus()), Relocation.movable(v, t)));
                v.job(t.job()).map(Versioned::value).ifPresent(job -> checks.put(t.id(),
                        byJob.computeIfAbsent(job.name(), j -> new ConstraintCheck(job.constraints()))));
            }
            hosts.add(new Consolidation.Host(n.name(), use(v, n), room(v, n), v.gpuFree(n.name()), pieces));
        }
        return new Pool(hosts, checks, nodes, clusters);
    }

    /**
     * Binpack: the first move of the plan that empties the least-used node whose tasks all fit on the other nodes
     * in use ({@link Consolidation}): its largest task, or a task of a fuller node that makes room for it. The
     * migration checks the task and its target again against the state of then.
     */
    private Optional<Move> freeANode(Pool p) {
        return Consolidation.plan(p.hosts(), (task, node) -> allowed(p, task, node))
                .stream().findFirst().map(m -> new Move(m.task(), m.target()));
    }

    private boolean allowed(Pool p, String task, String node) {
        ConstraintCheck check = p.checks().get(task);
        Node target = p.nodes().get(node);
        return check != null && target != null && allowed(task, check, target, p.clusters().get(target.cluster()));
    }

    /** Spread: the smallest movable task of the fullest node goes to the emptiest, if that narrows the gap enough. */
    private Optional<Move> evenOut(View v, RebalancerSettings s) {
        List<Node> nodes = scope(v, s);
        if (nodes.size() < 2) return Optional.empty();
        nodes.sort(Comparator.comparingDouble((Node n) -> use(v, n)).thenComparing(Node::name));
        Node low = nodes.getFirst();
        Node high = nodes.getLast();
        double gap = use(v, high) - use(v, low);
        if (gap <= s.minGain()) return Optional.empty();
        return v.tasksOnNode(high.name()).stream().map(Versioned::value).filter(t -> Relocation.movable(v, t))
                .filter(t -> room(v, low).fits(t.resources()) && allowed(v, t, low))
                .filter(t -> share(t, low) < gap)
                .min(Comparator.comparingLong(Rebalancer::size).thenComparing(Task::id))
                .map(t -> new Move(t.id(), low.name()));
    }

    private static List<Node> scope(View v, RebalancerSettings s) {
        return v.nodes().stream().map(Versioned::value).filter(Node::ready)
                .filter(n -> s.clusters().isEmpty() || s.clusters().contains(n.cluster()))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    private boolean allowed(View v, Task t, Node target) {
        Job job = v.job(t.job()).orElseThrow().value();
        return allowed(t.id(), new ConstraintCheck(job.constraints()), target,
                v.cluster(target.cluster()).map(Versioned::value).orElse(null));
    }

    /** Not refused lately, and the job's constraints take the node. */
    private boolean allowed(String task, ConstraintCheck check, Node target, Cluster cluster) {
        return !refusedAt.containsKey(new Move(task, target.name())) && check.check(target, cluster).isEmpty();
    }

    /** What placement may still fill: the schedulable room (reclaimed cpu included) less allocations and reservations. */
    private static Resources room(View v, Node n) {
        return n.schedulable().minus(v.allocated(n.name())).minus(v.reserved(n.name()));
    }

    /** Utilization: the larger of the cpu and memory shares in use. */
    private static double use(View v, Node n) {
        Resources a = v.allocated(n.name());
        return Math.max(ratio(a.cpu(), n.capacity().cpu()), ratio(a.memory(), n.capacity().memory()));
    }

    private static double share(Task t, Node n) {
        return Math.max(ratio(t.resources().cpu(), n.capacity().cpu()), ratio(t.resources().memory(), n.capacity().memory()));
    }

    private static double ratio(long used, long capacity) {
        return capacity <= 0 ? 0 : (double) used / capacity;
    }

    private static long size(Task t) {
        return t.resources().cpu() + t.resources().memory();
    }

    @Override
    public void close() {
        closed = true;
    }
}

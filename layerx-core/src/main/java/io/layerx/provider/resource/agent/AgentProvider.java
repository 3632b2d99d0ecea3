package io.layerx.provider.resource.agent;

import io.layerx.model.Cluster;
import io.layerx.model.DesiredState;
import io.layerx.model.JobValidator;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.provider.resource.agent.AgentProtocol.Ack;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Heartbeat;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Observed;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import io.layerx.state.TaskEvent;
import io.layerx.store.Codec;
import io.layerx.store.Store;
import io.layerx.usage.HistoryCheckpoints;
import io.layerx.usage.TaskUsage;
import io.layerx.usage.UsageBoard;
import io.layerx.usage.UsageHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clusters of LayerX agents (kind {@code agent}). Nodes are not listed up front: each agent joins with its own
 * capacity. The core writes the desired state (task records on the node); the agent writes the observed state,
 * through heartbeats whose reports go through the status writer. A node that misses heartbeats for its cluster's
 * grace is lost; when its agent returns the node is ready again and copies that were replaced meanwhile are not in
 * its desired set any more, so the agent stops them.
 */
public final class AgentProvider implements ResourceProvider {

    public static final String KIND = "agent";
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);

    private final Store store;
    private volatile ProviderContext ctx;
    private volatile NodeSignals signals;
    private volatile HeartbeatMonitor monitor;
    private volatile Joins joins;
    private volatile UsageBoard usage;
    private volatile UsageHistory history;
    private volatile HistoryCheckpoints checkpoints;

    public AgentProvider(Store store) {
        this.store = store;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> validate(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        AgentSettings.read(cluster, problems);
        return problems;
    }

    /** Agent nodes join by themselves. */
    @Override
    public List<Node> nodesOf(Cluster cluster) {
        return List.of();
    }

    @Override
    public void start(ProviderContext context) {
        this.ctx = context;
        this.signals = new NodeSignals(() -> context.view().revision());
        this.monitor = new HeartbeatMonitor(store, context.view(), context.timer(), context.clock());
        this.joins = new Joins(store, context.view(), context.clock(), monitor::lastSeen);
        this.usage = context.usage();
        this.history = new UsageHistory(context.clock(), job -> context.view().read(v -> v.job(job))
                .map(vj -> vj.value().task().image()).filter(i -> i != null && !i.isBlank()));
        usage.addListener(history);
        this.checkpoints = new HistoryCheckpoints(store, history, context.timer());
        checkpoints.restore();
        checkpoints.start();
        context.view().addListener(this::onChange);
        monitor.start();
    }

    private void onChange(Change change) {
        long rev = ctx.view().revision();
        switch (change) {
            case Change.TaskChanged t -> {
                if (t.before() != null && t.before().node() != null) signals.bump(t.before().node(), rev);
                if (t.after() != null && t.after().node() != null) signals.bump(t.after().node(), rev);
            }
            case Change.Resynced r -> signals.bumpAll(rev);
            case Change.NodeChanged n -> { }
            case Change.JobChanged j -> { }
            case Change.ClusterChanged c -> { }
        }
    }

    /**
     * The agent routes are served from now on: every agent node gets a full grace from here to heartbeat again (a
     * server that took longer to start than a grace loses no node). No node is marked lost before this is called, a
     * heartbeat arrives, or a minute has passed.
     */
    public void serving() {
        monitor.serving();
    }

    /**
     * Joins (or re-joins) a node with the node credential whose SHA-256 (hex) is {@code credential}; the caller adds
     * the credential to the answer and revokes the one replaced. {@code Conflict} when a live agent of another
     * identity holds the node.
     */
    public JoinOutcome join(Join join, String credential) {
        JoinOutcome outcome = joins().join(join, credential);
        monitor.seen(outcome.joined().node());
        return outcome;
    }

    /**
     * Records a heartbeat of {@code node} and its reports; returns once the reports are committed.
     * {@code Forbidden} when a report is about a task of another node.
     */
    public Ack heartbeat(String node, Heartbeat beat) {
        Node n = agentNode(node);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<Observed> mine = ownTasks(node, beat.tasks());
        monitor.seen(node);
        if (n.state() == NodeState.LOST) joins().markReady(node);
        for (Observed o : mine) done.add(ctx.status().report(o.task(), event(o)));
        usage().report(node, n.capacity(), measured(node, mine));
        awaitAll(done);
        Duration grace = grace(n.cluster());
        return new Ack(node, heartbeatOf(grace), grace);
    }

    private List<Observed> ownTasks(String node, List<Observed> observed) {
        List<String> problems = new ArrayList<>();
        List<Observed> mine = ctx.view().read(v -> {
            List<Observed> out = new ArrayList<>();
            for (Observed o : observed) {
                Optional<Task> t = v.task(o.task()).map(Versioned::value);
                if (t.isEmpty()) continue;
                if (!node.equals(t.get().node())) {
                    problems.add(o.task());
                } else {
                    out.add(o);
                }
            }
            return out;
        });
        if (!problems.isEmpty()) {
            throw new LayerXException.Forbidden("node " + node + " may not report for tasks of other nodes: " + problems);
        }
        for (Observed o : mine) event(o);
        return mine;
    }

    /** The running tasks' reservations beside what the agent measured of them. */
    private List<TaskUsage> measured(String node, List<Observed> mine) {
        return ctx.view().read(v -> {
            List<TaskUsage> out = new ArrayList<>();
            for (Observed o : mine) {
                if (o.usage() == null || o.state() != TaskState.RUNNING) continue;
                v.task(o.task()).map(Versioned::value).ifPresent(t ->
                        out.add(new TaskUsage(t.id(), t.job(), node, t.resources(), o.usage(), null)));
            }
            return out;
        });
    }

    /** What the pool's tasks used (every provider's reports), per job and per image, over a bounded window. */
    public UsageHistory history() {
        UsageHistory h = history;
        if (h == null) throw new LayerXException.Unavailable("the agent provider has not started", null);
        return h;
    }

    /** The pool's live usage: what the agents (and the other providers) report. */
    public UsageBoard usage() {
        UsageBoard b = usage;
        if (b == null) throw new LayerXException.Unavailable("the agent provider has not started", null);
        return b;
    }

    static TaskEvent event(Observed o) {
        return switch (o.state()) {
            case STARTING -> new TaskEvent.Starting();
            case RUNNING -> new TaskEvent.Running();
            case EXITED -> new TaskEvent.Exited(o.exitCode() == null ? 0 : o.exitCode());
            case FAILED -> new TaskEvent.Failed(o.reason().isEmpty() ? "failed" : o.reason());
            case KILLED -> new TaskEvent.Killed(o.reason().isEmpty() ? "stopped" : o.reason());
            case PENDING, ASSIGNED, LOST -> throw new LayerXException.Invalid("bad report",
                    List.of("task " + o.task() + ": an agent reports starting, running, exited, failed or killed, not "
                            + o.state().wire()));
        };
    }

    private static void awaitAll(List<CompletableFuture<Void>> done) {
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted while reports were committed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LayerXException.Unavailable("task reports were not committed", e);
        }
    }

    /**
     * The node's desired set, once it changed after revision {@code from} or {@code wait} passed (then unchanged).
     */
    public Assignments assignments(String node, long from, Duration wait) {
        agentNode(node);
        long changed;
        try {
            changed = signals.await(node, from, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted", e);
        }
        return ctx.view().read(v -> {
            List<Assignment> out = new ArrayList<>();
            for (Versioned<Task> vt : v.tasksOnNode(node)) {
                Task t = vt.value();
                var job = v.job(t.job()).map(Versioned::value);
                if (job.isEmpty()) {
                    // a deleted job's live task: in the set as stop, so the agent reports it ended and it is forgotten
                    if (!t.state().terminal()) {
                        out.add(new Assignment(t.id(), t.job(), t.jobVersion(), DesiredState.STOP, t.state(),
                                t.resources(), t.ports(), new TaskSpec(null, List.of(), null, Map.of(), t.resources(),
                                        List.of(), null)));
                    }
                    continue;
                }
                DesiredState desired = job.get().stopped() ? DesiredState.STOP : t.desired();
                out.add(new Assignment(t.id(), t.job(), t.jobVersion(), desired, t.state(), t.resources(),
                        t.ports(), job.get().task(), t.gpus()));
            }
            return new Assignments(Math.max(v.revision(), changed), out);
        });
    }

    /** Where the node's agent serves task logs, and the key to present there. */
    public Optional<AgentRecord> agent(String node) {
        return store.get(AgentRecord.key(node)).map(kv -> Codec.decode(kv.value(), AgentRecord.class));
    }

    private Node agentNode(String node) {
        Node n = ctx.view().read(v -> v.node(node).map(Versioned::value)).orElse(null);
        if (n == null || !KIND.equals(n.provider())) {
            throw new LayerXException.NotFound("no agent node named '" + node + "'; join again");
        }
        return n;
    }

    private Duration grace(String cluster) {
        return ctx.view().read(v -> v.cluster(cluster).map(c -> HeartbeatMonitor.grace(c.value())))
                .orElse(AgentSettings.DEFAULT_GRACE);
    }

    static Duration heartbeatOf(Duration grace) {
        return new AgentSettings(grace).heartbeat();
    }

    private Joins joins() {
        Joins j = joins;
        if (j == null) throw new LayerXException.Unavailable("the agent provider has not started", null);
        return j;
    }

    /**
     * A copy runs where the core no longer wants it. The task is terminal, so it is already out of the node's desired
     * set and the agent stops what is not in it; deliver the set again at once.
     */
    @Override
    public void kill(String node, Task task) {
        NodeSignals s = signals;
        if (s != null) s.bump(node, ctx.view().revision() + 1);
    }

    @Override
    public void close() {
        HeartbeatMonitor m = monitor;
        if (m != null) m.close();
        HistoryCheckpoints h = checkpoints;
        if (h != null) h.close();
        NodeSignals s = signals;
        if (s != null) s.wakeAll();
    }

    static boolean validName(String name) {
        return name != null && JobValidator.NAME.matcher(name).matches();
    }
}

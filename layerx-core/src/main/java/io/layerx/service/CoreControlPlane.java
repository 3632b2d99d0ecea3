package io.layerx.service;

import io.layerx.brain.BrainGateway;
import io.layerx.plan.Moves;
import io.layerx.rebalance.Rebalancer;
import io.layerx.rebalance.RebalancerSettings;
import io.layerx.layers.ImageSets;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.JobValidator;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.scheduler.feasibility.EligibleNodes;
import io.layerx.scheduler.reconcile.JobReconciler;
import io.layerx.scheduler.reconcile.Reconciliation;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.usage.CpuOvercommit;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** The control plane of one LayerX core: writes go to the store (durable before return), reads come from the view. */
public final class CoreControlPlane implements ControlPlane {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final int NODE_CHUNK = 5000;

    private final Store store;
    private final StateCache cache;
    private final Map<String, ResourceProvider> providers;
    private final Function<String, List<String>> problems;
    private final InstantSource clock;
    private final BrainGateway brains;
    private final Moves moves;
    private final Rebalancer rebalancer;

    /**
     * A control plane for reads only, over a view of {@code store}: what a server that does not lead answers reads
     * from (writes go to the leader's). Its write methods must not be called.
     */
    public static CoreControlPlane readOnly(Store store, StateCache cache, InstantSource clock) {
        return new CoreControlPlane(store, cache, Map.of(), job -> List.of(), null, null, null, clock);
    }

    /**
     * @param problems why a job's pending tasks are not placed (from the brains)
     * @param brains   what external brains call
     */
    private final ImageSets imageSets;

    public CoreControlPlane(Store store, StateCache cache, Map<String, ResourceProvider> providers,
                            Function<String, List<String>> problems, BrainGateway brains, Moves moves,
                            Rebalancer rebalancer, InstantSource clock) {
        this.rebalancer = rebalancer;
        this.store = store;
        this.brains = brains;
        this.moves = moves;
        this.cache = cache;
        this.providers = Map.copyOf(providers);
        this.problems = problems;
        this.clock = clock;
        this.imageSets = new ImageSets(store, clock);
    }

    @Override
    public ImageSets imageSets() {
        return imageSets;
    }

    @Override
    public Task migrateTask(String id, String node, String cluster) {
        return moves.migrate(id, node, cluster);
    }

    @Override
    public Moves.Resized resizeTask(String id, Long cpu, Long memory, boolean updateJob) {
        List<String> bad = new ArrayList<>();
        if (cpu == null && memory == null) bad.add("give cpu or memory (or both)");
        if (cpu != null && cpu < 0) bad.add("cpu must be >= 0, got " + cpu);
        if (memory != null && memory < 0) bad.add("memory must be >= 0, got " + memory);
        if (!bad.isEmpty()) throw new LayerXException.Invalid("bad resize", bad);
        Task task = task(id);
        Resources now = task.resources();
        Resources size = new Resources(cpu == null ? now.cpu() : cpu, memory == null ? now.memory() : memory, now.disk());
        Moves.Resized resized = moves.resize(id, size);
        if (updateJob) resizeTemplate(task.job(), size);
        return resized;
    }

    /**
     * The job's template takes {@code size} as a new version, and its live tasks are re-stamped with that version in
     * the same transaction, so the job reconciler sees no outdated task to replace: nothing restarts.
     */
    private void resizeTemplate(String jobName, Resources size) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Versioned<Job> vj = cache.read(v -> v.job(jobName))
                    .orElseThrow(() -> new LayerXException.NotFound("no job named '" + jobName + "'"));
            Job job = vj.value();
            if (job.task().resources().equals(size)) return;
            Job next = job.withTask(job.task().withResources(size)).withVersion(job.version() + 1, clock.instant());
            Txn.Builder txn = Txn.builder().expect(Keys.job(jobName), vj.modRevision())
                    .put(Keys.job(jobName), Codec.encode(next));
            restamp(txn, job, next.version(), size);
            TxnResult r = store.commit(txn.build());
            cache.awaitRevision(r.revision(), CATCH_UP);
            if (r.succeeded()) return;
        }
        throw new LayerXException.Conflict("the task was resized, but job " + jobName
                + " kept changing while its template was updated; run layerx task resize again with --update-job");
    }

    @Override
    public Rebalancer.Status rebalancer() {
        return rebalancer.status();
    }

    @Override
    public Rebalancer.Status configureRebalancer(RebalancerSettings settings) {
        for (String c : settings.clusters()) {
            if (cache.read(v -> v.cluster(c)).isEmpty()) throw new LayerXException.NotFound("no cluster named '" + c + "'");
        }
        return rebalancer.configure(settings);
    }

    @Override
    public BrainGateway brains() {
        return brains;
    }

    @Override
    public ClusterView addCluster(Cluster spec) {
        List<String> bad = new ArrayList<>();
        if (!JobValidator.NAME.matcher(spec.name()).matches()) {
            bad.add("cluster name '" + spec.name() + "' must be 1-63 lower-case letters, digits or '-'");
        }
        ResourceProvider provider = providers.get(spec.kind());
        if (provider == null) {
            bad.add("cluster kind '" + spec.kind() + "' is not one of " + String.join(", ", providers.keySet().stream().sorted().toList()));
        } else {
            bad.addAll(provider.validate(CpuOvercommit.providerPart(spec)));
            bad.addAll(CpuOvercommit.problems(spec));
        }
        if (!bad.isEmpty()) throw new LayerXException.Invalid("cluster has " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
        Cluster cluster = new Cluster(spec.name(), spec.kind(), spec.labels(), spec.settings(), clock.instant());
        List<Node> nodes = provider.nodesOf(CpuOvercommit.providerPart(cluster));
        List<String> taken = cache.read(v -> nodes.stream().map(Node::name).filter(n -> v.node(n).isPresent()).limit(5).toList());
        if (!taken.isEmpty()) throw new LayerXException.Conflict("node names already in the pool: " + taken);
        writeCluster(cluster, nodes);
        return cluster(cluster.name());
    }

    private void writeCluster(Cluster cluster, List<Node> nodes) {
        Txn.Builder first = Txn.builder().expectAbsent(Keys.cluster(cluster.name())).put(Keys.cluster(cluster.name()), Codec.encode(cluster));
        int i = 0;
        for (; i < Math.min(NODE_CHUNK, nodes.size()); i++) first.put(Keys.node(nodes.get(i).name()), Codec.encode(nodes.get(i)));
        TxnResult r = store.commit(first.build());
        if (!r.succeeded()) throw new LayerXException.Conflict("cluster " + cluster.name() + " already exists");
        long rev = r.revision();
        while (i < nodes.size()) {
            Txn.Builder chunk = Txn.builder();
            for (int end = Math.min(i + NODE_CHUNK, nodes.size()); i < end; i++) {
                chunk.put(Keys.node(nodes.get(i).name()), Codec.encode(nodes.get(i)));
            }
            rev = store.commit(chunk.build()).revision();
        }
        cache.awaitRevision(rev, CATCH_UP);
    }

    @Override
    public List<ClusterView> clusters() {
        return cache.read(v -> v.clusters().stream().map(Versioned::value).sorted(Comparator.comparing(Cluster::name))
                .map(c -> Views.cluster(v, c)).toList());
    }

    @Override
    public ClusterView cluster(String name) {
        return cache.read(v -> v.cluster(name).map(c -> Views.cluster(v, c.value())))
                .orElseThrow(() -> new LayerXException.NotFound("no cluster named '" + name + "'"));
    }

    @Override
    public List<NodeView> nodes(String cluster) {
        return cache.read(v -> v.nodes().stream().map(Versioned::value)
                .filter(n -> cluster == null || n.cluster().equals(cluster))
                .sorted(Comparator.comparing(Node::name)).map(n -> Views.node(v, n)).toList());
    }

    @Override
    public NodeView node(String name) {
        return cache.read(v -> v.node(name).map(n -> Views.node(v, n.value())))
                .orElseThrow(() -> new LayerXException.NotFound("no node named '" + name + "'"));
    }

    @Override
    public NodeView drainNode(String name, boolean drain) {
        KeyValue kv = store.get(Keys.node(name)).orElseThrow(() -> new LayerXException.NotFound("no node named '" + name + "'"));
        Node node = Codec.decode(kv.value(), Node.class);
        NodeState from = drain ? NodeState.READY : NodeState.DRAINING;
        NodeState to = drain ? NodeState.DRAINING : NodeState.READY;
        if (node.state() == to) return node(name);
        if (node.state() != from) {
            throw new LayerXException.Conflict("node " + name + " is " + node.state().wire() + "; only a "
                    + from.wire() + " node can be " + (drain ? "drained" : "put back to work"));
        }
        TxnResult r = store.commit(Txn.builder().expect(kv.key(), kv.modRevision())
                .put(kv.key(), Codec.encode(node.withState(to))).build());
        if (!r.succeeded()) throw new LayerXException.Conflict("node " + name + " changed meanwhile; try again");
        cache.awaitRevision(r.revision(), CATCH_UP);
        return node(name);
    }

    @Override
    public void removeNode(String name) {
        Versioned<Node> vn = cache.read(v -> v.node(name))
                .orElseThrow(() -> new LayerXException.NotFound("no node named '" + name + "'"));
        Node node = vn.value();
        if (node.state() == NodeState.READY) {
            throw new LayerXException.Conflict("node " + name + " is ready and may take work; drain it first "
                    + "(layerx node drain " + name + ")");
        }
        List<String> live = cache.read(v -> v.tasksOnNode(name).stream().map(Versioned::value)
                .filter(t -> !t.state().terminal()).map(Task::id).sorted().toList());
        if (!live.isEmpty()) {
            throw new LayerXException.Conflict("node " + name + " still has " + live.size() + " task"
                    + (live.size() == 1 ? "" : "s") + " (" + String.join(", ", live.subList(0, Math.min(5, live.size())))
                    + (live.size() > 5 ? ", ..." : "") + "); remove it once its drain moved them");
        }
        Txn.Builder txn = Txn.builder().expect(Keys.node(name), vn.modRevision()).delete(Keys.node(name));
        Versioned<Cluster> cluster = cache.read(v -> v.cluster(node.cluster())).orElse(null);
        ResourceProvider provider = providers.get(node.provider());
        if (cluster != null && provider != null
                && provider.nodesOf(CpuOvercommit.providerPart(cluster.value())).stream().anyMatch(n -> n.name().equals(name))) {
            String key = Keys.cluster(cluster.value().name());
            txn.expect(key, cluster.modRevision()).put(key, Codec.encode(cluster.value().withRemoved(name)));
        }
        TxnResult r = store.commit(txn.build());
        if (!r.succeeded()) throw new LayerXException.Conflict("node " + name + " changed meanwhile; try again");
        cache.awaitRevision(r.revision(), CATCH_UP);
    }

    @Override
    public NodeView failNode(String name) {
        KeyValue kv = store.get(Keys.node(name)).orElseThrow(() -> new LayerXException.NotFound("no node named '" + name + "'"));
        Node node = Codec.decode(kv.value(), Node.class);
        if (!"sim".equals(node.provider())) {
            throw new LayerXException.Invalid("cannot fail node " + name,
                    List.of("only simulated nodes can be failed on demand; " + name + " is a " + node.provider() + " node"));
        }
        if (node.state() != NodeState.LOST) {
            TxnResult r = store.commit(Txn.builder().expect(kv.key(), kv.modRevision())
                    .put(kv.key(), Codec.encode(node.withState(NodeState.LOST))).build());
            if (!r.succeeded()) throw new LayerXException.Conflict("node " + name + " changed meanwhile; try again");
            cache.awaitRevision(r.revision(), CATCH_UP);
        }
        return node(name);
    }

    @Override
    public SubmitResult submitJob(Job job) {
        return submitJobs(List.of(job)).getFirst();
    }

    @Override
    public List<SubmitResult> submitJobs(List<Job> jobs) {
        List<String> bad = batchProblems(jobs);
        if (!bad.isEmpty()) {
            String what = jobs.size() == 1 ? "job" : "batch";
            throw new LayerXException.Invalid(what + " has " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Txn.Builder txn = Txn.builder();
            List<SubmitResult> results = new ArrayList<>(jobs.size());
            boolean retriable = true;
            for (Job job : jobs) {
                String key = Keys.job(job.name());
                Optional<KeyValue> current = store.get(key);
                Job before = current.map(kv -> Codec.decode(kv.value(), Job.class)).orElse(null);
                if (before != null && !before.stopped() && before.sameSpec(job)) {
                    results.add(new SubmitResult(before, false, false));
                    continue;
                }
                Job next = job.withStopped(false).withVersion(before == null ? 1 : before.version() + 1, clock.instant());
                txn.expect(key, current.map(KeyValue::modRevision).orElse(0L)).put(key, Codec.encode(next));
                boolean keepTasks = before != null && !before.stopped() && before.sameTasks(job);
                if (keepTasks) restamp(txn, before, next.version(), null);
                if (before == null) firstTasks(txn, next);
                retriable &= keepTasks;
                results.add(new SubmitResult(next, before == null, true));
            }
            if (txn.isEmpty()) return results;
            TxnResult r = store.commit(txn.build());
            cache.awaitRevision(r.revision(), CATCH_UP);
            if (r.succeeded()) return results;
            if (!retriable) break; // a job itself changed meanwhile (only its tasks' changes are retried)
        }
        throw new LayerXException.Conflict(jobs.size() == 1
                ? "job " + jobs.getFirst().name() + " changed meanwhile; submit again"
                : "a job of the batch changed meanwhile; submit the batch again");
    }

    /**
     * Every problem of the jobs of one submission: each job's own, prefixed with its place and name when there are
     * several, and a name given twice.
     */
    private static List<String> batchProblems(List<Job> jobs) {
        if (jobs.isEmpty()) return List.of("no job to submit");
        if (jobs.size() > MAX_BATCH) {
            return List.of("a batch holds at most " + MAX_BATCH + " jobs, got " + jobs.size() + ": send it in parts");
        }
        if (jobs.size() == 1) return JobValidator.problems(jobs.getFirst());
        List<String> bad = new ArrayList<>();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            String where = "jobs[" + i + "]" + (job.name() == null || job.name().isBlank() ? "" : " (" + job.name() + ")");
            for (String p : JobValidator.problems(job)) bad.add(where + ": " + p);
            Integer earlier = job.name() == null ? null : first.putIfAbsent(job.name(), i);
            if (earlier != null) bad.add(where + ": the name is also jobs[" + earlier + "]'s; a batch names each job once");
        }
        return bad;
    }

    /**
     * Adds to {@code txn} the tasks the job controller would create for a new job (the same reconciler), so that a
     * new job and its pending tasks cost one synced commit, not two; the controller then finds nothing to do.
     */
    private void firstTasks(Txn.Builder txn, Job job) {
        Reconciliation r = cache.read(v -> JobReconciler.reconcile(job, List.of(),
                job.type() == JobType.SYSTEM ? EligibleNodes.of(v, job) : List.of(), clock.instant(),
                () -> Task.newId(job.name())));
        for (Task t : r.create()) txn.expectAbsent(Keys.task(t.id())).put(Keys.task(t.id()), Codec.encode(t));
    }

    /**
     * Adds to {@code txn} the re-stamping of the job's live tasks of version {@code before} with version {@code next},
     * each guarded by its revision, so the job reconciler finds none outdated and replaces nothing. With {@code size},
     * tasks not placed yet take that reservation.
     */
    private void restamp(Txn.Builder txn, Job before, long next, Resources size) {
        for (Versioned<Task> vt : cache.read(v -> List.copyOf(v.tasksOfJob(before.name())))) {
            Task t = vt.value();
            if (t.state().terminal() || t.jobVersion() != before.version()) continue;
            Task stamped = t.withJobVersion(next, clock.instant());
            if (size != null && t.node() == null) stamped = stamped.withResources(size, clock.instant());
            txn.expect(Keys.task(t.id()), vt.modRevision()).put(Keys.task(t.id()), Codec.encode(stamped));
        }
    }

    @Override
    public PlanPreview planJob(Job job) {
        List<String> bad = JobValidator.problems(job);
        if (!bad.isEmpty()) throw new LayerXException.Invalid("job has " + bad.size() + " problem" + (bad.size() == 1 ? "" : "s"), bad);
        return cache.read(v -> DryRun.plan(v, job, clock.instant()));
    }

    @Override
    public List<JobView> jobs() {
        return cache.read(v -> v.jobs().stream().map(Versioned::value).sorted(Comparator.comparing(Job::name))
                .map(j -> Views.job(v, j, clock.instant(), problems)).toList());
    }

    @Override
    public JobView job(String name) {
        return cache.read(v -> v.job(name).map(j -> Views.job(v, j.value(), clock.instant(), problems)))
                .orElseThrow(() -> new LayerXException.NotFound("no job named '" + name + "'"));
    }

    @Override
    public JobView stopJob(String name) {
        String key = Keys.job(name);
        KeyValue kv = store.get(key).orElseThrow(() -> new LayerXException.NotFound("no job named '" + name + "'"));
        Job job = Codec.decode(kv.value(), Job.class);
        if (!job.stopped()) {
            TxnResult r = store.commit(Txn.builder().expect(key, kv.modRevision()).put(key, Codec.encode(job.withStopped(true))).build());
            if (!r.succeeded()) throw new LayerXException.Conflict("job " + name + " changed meanwhile; try again");
            cache.awaitRevision(r.revision(), CATCH_UP);
        }
        return job(name);
    }

    @Override
    public void deleteJob(String name) {
        String key = Keys.job(name);
        KeyValue kv = store.get(key).orElseThrow(() -> new LayerXException.NotFound("no job named '" + name + "'"));
        TxnResult r = store.commit(Txn.builder().expect(key, kv.modRevision()).delete(key).build());
        if (!r.succeeded()) throw new LayerXException.Conflict("job " + name + " changed meanwhile; try again");
        cache.awaitRevision(r.revision(), CATCH_UP);
    }

    @Override
    public List<Task> tasks(TaskFilter f) {
        return cache.read(v -> (f.job() != null ? v.tasksOfJob(f.job()) : v.tasks()).stream().map(Versioned::value)
                .filter(f::matches)
                .sorted(Comparator.comparing(Task::job).thenComparingInt(Task::slot).thenComparing(Task::created))
                .toList());
    }

    @Override
    public Task task(String id) {
        return cache.read(v -> v.task(id).map(Versioned::value))
                .orElseThrow(() -> new LayerXException.NotFound("no task with id '" + id + "'"));
    }

    @Override
    public AutoCloseable subscribe(long fromRevision, Consumer<Event> sink, Consumer<Throwable> onEnd) {
        return store.watch("/", fromRevision, new EventFeed(sink, onEnd));
    }

    @Override
    public long revision() {
        return cache.revision();
    }
}

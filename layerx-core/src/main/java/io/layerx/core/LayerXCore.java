package io.layerx.core;

import io.layerx.brain.BrainGateway;
import io.layerx.brain.BrainRegistry;
import io.layerx.clock.SystemTimer;
import io.layerx.clock.Timer;
import io.layerx.controller.BrainLoop;
import io.layerx.controller.Drainer;
import io.layerx.controller.JobController;
import io.layerx.controller.NodeController;
import io.layerx.controller.NodeWriter;
import io.layerx.controller.StatusWriter;
import io.layerx.layers.LayerController;
import io.layerx.model.Cluster;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.plan.Moves;
import io.layerx.plan.PlanApplier;
import io.layerx.provider.resource.ProviderContext;
import io.layerx.provider.resource.ResourceProvider;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.provider.resource.sim.SimProvider;
import io.layerx.rebalance.Rebalancer;
import io.layerx.scheduler.Brain;
import io.layerx.scheduler.BuiltinBrain;
import io.layerx.service.ControlPlane;
import io.layerx.service.CoreControlPlane;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.usage.CpuOvercommit;
import io.layerx.usage.CpuReclaim;
import io.layerx.usage.UsageBoard;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Everything of one LayerX server above its store: the in-memory view, the controllers, the brains, the plan
 * applier and the built-in resource providers. The composition of the core; the server module composes the rest.
 */
public final class LayerXCore implements AutoCloseable {

    /** The most placements one plan carries: bounds one store transaction. */
    static final int PLAN_BATCH = 1000;

    private final Timer timer;
    private final StateCache cache;
    private final StatusWriter status;
    private final JobController jobs;
    private final NodeController nodes;
    private final BrainLoop brains;
    private final Drainer drainer;
    private final Rebalancer rebalancer;
    private final PlanApplier applier;
    private final Map<String, ResourceProvider> providers;
    private final ControlPlane controlPlane;
    private final Store store;
    private final AgentProvider agents;
    private final LayerController layers;

    private LayerXCore(Store store, CoreOptions o, List<ResourceProvider> extraProviders) {
        this.store = store;
        this.timer = new SystemTimer();
        this.cache = new StateCache(store, timer);
        this.providers = new LinkedHashMap<>();
        this.agents = new AgentProvider(store);
        providers.put(SimProvider.KIND, new SimProvider());
        providers.put(AgentProvider.KIND, agents);
        extraProviders.forEach(p -> providers.put(p.kind(), p));
        this.jobs = new JobController(store, cache, o.clock(), timer, o.resync());
        this.status = new StatusWriter(store, cache, o.clock(), this::killOnNode, jobs::enqueue);
        this.nodes = new NodeController(cache, status, timer, o.resync());
        this.applier = new PlanApplier(store, cache, o.clock(), o.meters());
        Moves moves = new Moves(cache, applier, o.clock());
        this.rebalancer = new Rebalancer(store, cache, moves, timer, o.clock());
        Map<JobType, Brain> byType = new EnumMap<>(JobType.class);
        for (JobType t : JobType.values()) {
            byType.put(t, new BuiltinBrain("builtin-" + t.wire(), PLAN_BATCH, rebalancer::onArrival));
        }
        Map<String, Brain> plugins = new LinkedHashMap<>();
        ServiceLoader.load(Brain.class).forEach(b -> plugins.put(b.name(), b));
        BrainRegistry registry = new BrainRegistry(o.clock(), plugins.keySet());
        this.brains = new BrainLoop(cache, applier, byType, plugins, registry, o.brains(), timer, o.clock(), o.resync(),
                o.meters());
        BrainGateway gateway = new BrainGateway(cache, applier, registry, o.clock(), brains::brainsChanged);
        this.drainer = new Drainer(cache, moves, timer, o.resync());
        this.controlPlane = new CoreControlPlane(store, cache, providers, brains::problems, gateway, moves,
                rebalancer, o.clock());
        this.layers = new LayerController(store, cache, moves, new NodeWriter(store, cache), controlPlane::submitJob,
                controlPlane::stopJob, timer, o.clock());
        CoreMetrics.register(o.meters(), cache);
    }

    /** Loads the view from the store and starts every loop. */
    public static LayerXCore start(Store store, CoreOptions options) {
        return start(store, options, List.of());
    }

    /** As {@link #start(Store, CoreOptions)}, with more resource providers than the built-in ones. */
    public static LayerXCore start(Store store, CoreOptions options, List<ResourceProvider> providers) {
        LayerXCore core = new LayerXCore(store, options, providers);
        core.run(options);
        return core;
    }

    private void run(CoreOptions o) {
        cache.start();
        restoreMissingNodes();
        status.start();
        NodeWriter nodeWriter = new NodeWriter(store, cache);
        UsageBoard usage = new UsageBoard(o.clock());
        CpuReclaim reclaim = new CpuReclaim(cache, nodeWriter);
        usage.addListener(reclaim);
        cache.addListener(reclaim::onChange);
        ProviderContext ctx = new ProviderContext(cache, status, nodeWriter, timer, o.clock(), usage);
        providers.values().forEach(p -> p.start(ctx));
        jobs.start();
        nodes.start();
        brains.start();
        drainer.start();
        rebalancer.start();
        layers.start();
    }

    /** A crash while a large cluster's nodes were written leaves some out; write them now (not the removed ones). */
    private void restoreMissingNodes() {
        List<Node> missing = cache.read(v -> {
            List<Node> out = new ArrayList<>();
            for (Versioned<Cluster> c : v.clusters()) {
                ResourceProvider p = providers.get(c.value().kind());
                if (p == null) continue;
                for (Node n : p.nodesOf(CpuOvercommit.providerPart(c.value()))) {
                    if (v.node(n.name()).isEmpty() && !c.value().removed().contains(n.name())) out.add(n);
                }
            }
            return out;
        });
        for (int i = 0; i < missing.size(); i += 5000) {
            Txn.Builder txn = Txn.builder();
            for (Node n : missing.subList(i, Math.min(i + 5000, missing.size()))) {
                txn.expectAbsent(Keys.node(n.name())).put(Keys.node(n.name()), Codec.encode(n));
            }
            store.commit(txn.build());
        }
    }

    private void killOnNode(String node, Task task) {
        cache.read(v -> v.node(node).map(n -> providers.get(n.value().provider())))
                .ifPresent(p -> p.kill(node, task));
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The applier, for brains that plan outside the built-in loop (tests, benchmarks, external brains). */
    public PlanApplier applier() {
        return applier;
    }

    /** The agent clusters' provider: what the agent routes of the server call. */
    public AgentProvider agents() {
        return agents;
    }

    public StateCache view() {
        return cache;
    }

    @Override
    public void close() {
        layers.close();
        rebalancer.close();
        drainer.close();
        brains.close();
        nodes.close();
        jobs.close();
        providers.values().forEach(ResourceProvider::close);
        status.close();
        cache.close();
        timer.close();
    }
}

package io.layerx.snapshot;

import io.layerx.model.Cluster;
import io.layerx.model.GpuShares;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only, indexed view of the pool at one revision. Only valid inside {@link StateCache#read}: copy what you
 * keep.
 */
public interface View {

    long revision();

    Collection<Versioned<Cluster>> clusters();

    Optional<Versioned<Cluster>> cluster(String name);

    Collection<Versioned<Node>> nodes();

    Optional<Versioned<Node>> node(String name);

    Collection<Versioned<Job>> jobs();

    Optional<Versioned<Job>> job(String name);

    Collection<Versioned<Task>> tasks();

    Optional<Versioned<Task>> task(String id);

    /** Every task of the job, live or finished. */
    Collection<Versioned<Task>> tasksOfJob(String job);

    /** The tasks that hold resources on the node (assigned, starting, running). */
    Collection<Versioned<Task>> tasksOnNode(String node);

    /** What the node's live tasks reserve. */
    Resources allocated(String node);

    /** What pending tasks nominated to the node by preemption hold back there ({@link Task#nominated()}). */
    Resources reserved(String node);

    /** Host ports handed out on the node. */
    Set<Integer> usedPorts(String node);

    /**
     * How many of the tasks the view holds (any state) have each size: the task-size distribution the pool has seen,
     * for fragmentation-aware scoring. Read-only.
     */
    java.util.Map<Resources, Integer> taskSizes();

    /** Names of jobs that have pending tasks. */
    Set<String> jobsWithPending();

    /** The pending tasks of a job (state pending, desired run). */
    Collection<Versioned<Task>> pendingOf(String job);

    /** Nodes grouped by what constraints can see of them: same cluster, provider and labels. */
    Collection<NodeClass> nodeClasses();

    /** What is left on the node: its capacity less {@link #allocated} and {@link #reserved}. */
    Resources free(String node);

    /**
     * The free share of each of the node's GPU devices (in the order of {@link Node#gpus()}) once its live tasks hold
     * theirs ({@link Task#gpus()}); {@link GpuShares#NONE} for a node without GPUs. Nominated tasks hold no device
     * yet: their gpu is counted in {@link #free}'s sum only.
     */
    GpuShares gpuFree(String node);

    /**
     * The members of the class with at least {@code demand} {@link #free} (and a GPU device layout that holds its
     * gpu, {@link GpuShares#fits}), from a capacity index: the cost is the
     * nodes returned plus the few boundary nodes checked on the way, not the class's size. Lazy; fullest or
     * emptiest nodes roughly first (by power-of-two buckets of free room).
     */
    Iterator<String> nodesWithRoom(NodeClass nodeClass, Resources demand, boolean fullestFirst);
}

package io.layerx.service;

import io.layerx.brain.BrainGateway;
import io.layerx.plan.Moves;
import io.layerx.rebalance.Rebalancer;
import io.layerx.rebalance.RebalancerSettings;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Task;
import java.util.List;
import java.util.function.Consumer;

/**
 * The application services behind every task provider (REST, YAML, later Docker and Mesos APIs). Methods throw
 * {@link io.layerx.model.LayerXException} subtypes for expected failures; every write is durable before it returns.
 */
public interface ControlPlane {

    /** Adds a cluster and brings its nodes in. {@code Invalid} lists every problem; {@code Conflict} if it exists. */
    ClusterView addCluster(Cluster cluster);

    List<ClusterView> clusters();

    ClusterView cluster(String name);

    List<NodeView> nodes(String cluster);

    NodeView node(String name);

    /** Fails a simulated node on demand: it becomes lost and its tasks are replaced. */
    NodeView failNode(String name);

    /**
     * Drains a ready node ({@code drain}) or puts a draining one back to work. A draining node takes no new work,
     * and its running service tasks are moved off by live migration, start before stop.
     */
    NodeView drainNode(String name, boolean drain);

    /**
     * Removes a node that takes no work (draining, down or lost) and runs nothing any more. A node its cluster's
     * settings describe (sim, docker) stays removed; an agent whose node was removed joins again if it still runs.
     */
    void removeNode(String name);

    /**
     * Creates or updates a job. The core sets version and submit time; an unchanged spec is a no-op.
     * {@code Invalid} lists every problem of the spec.
     */
    SubmitResult submitJob(Job job);

    /** The most jobs one {@link #submitJobs} takes. */
    int MAX_BATCH = 1000;

    /**
     * Creates or updates several jobs in one commit, all or none: the results in the order given. {@code Invalid}
     * lists every problem of every job (each prefixed with its place, {@code jobs[3] (web): ...}), a name given
     * twice, and more than {@link #MAX_BATCH} jobs.
     */
    List<SubmitResult> submitJobs(List<Job> jobs);

    /** Where the job's tasks would go if it were submitted now, and why any would not fit; changes nothing. */
    PlanPreview planJob(Job job);

    List<JobView> jobs();

    JobView job(String name);

    /** Asks every task of the job to stop; the job stays listed as stopped. */
    JobView stopJob(String name);

    /**
     * Deletes the job: its live tasks are stopped and every task of it is forgotten once it has ended (providers
     * clean up what they kept for it). {@code NotFound} when there is no such job.
     */
    void deleteJob(String name);

    /** Tasks matching every non-null filter field. */
    List<Task> tasks(TaskFilter filter);

    Task task(String id);

    /**
     * Moves a running task, start before stop: to {@code node}, else to the best node of {@code cluster}, else to the
     * best other node. Returns the replacement, placed now; the original stops once it runs, and keeps running if it
     * fails. {@code Conflict} says why the move cannot start (not running, already moving, no room, ...).
     */
    Task migrateTask(String id, String node, String cluster);

    /**
     * Changes a placed task's reservation ({@code null} fields keep their value): in place when its node has the
     * room, else by live migration to a node that has. {@code Invalid} for a bad size, {@code Conflict} with why
     * when neither can be done. With {@code updateJob} the job's template takes the new size too, without
     * restarting anything: its live tasks keep their reservations and count as of the new version, and the tasks it
     * starts from now on have the new size.
     */
    Moves.Resized resizeTask(String id, Long cpu, Long memory, boolean updateJob);

    /**
     * Streams changes of clusters, nodes, jobs and tasks from {@code fromRevision} ({@code <= 0}: from now on) until
     * the returned handle is closed. {@code onEnd} hears why the stream ended by itself (e.g. the start revision is
     * older than the kept history: {@link io.layerx.store.CompactedException}).
     */
    AutoCloseable subscribe(long fromRevision, Consumer<Event> sink, Consumer<Throwable> onEnd);

    /** The store revision the control plane has applied to its view. */
    long revision();

    /** The rebalancer's settings and what it has done. */
    Rebalancer.Status rebalancer();

    /** Turns the rebalancer on or off or changes its mode, scope and budget; durable before it returns. */
    Rebalancer.Status configureRebalancer(RebalancerSettings settings);

    /** What external brains call: register, follow their work, submit plans (the /v1/brains routes). */
    BrainGateway brains();

    /** Layer-1 image sets: apply, list, show, pause, resume, roll back (the /v1/imagesets routes). */
    io.layerx.layers.ImageSets imageSets();
}

package io.layerx.service;

import io.layerx.brain.BrainGateway;
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
     * Creates or updates a job. The core sets version and submit time; an unchanged spec is a no-op.
     * {@code Invalid} lists every problem of the spec.
     */
    SubmitResult submitJob(Job job);

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
     * Streams changes of clusters, nodes, jobs and tasks from {@code fromRevision} ({@code <= 0}: from now on) until
     * the returned handle is closed. {@code onEnd} hears why the stream ended by itself (e.g. the start revision is
     * older than the kept history: {@link io.layerx.store.CompactedException}).
     */
    AutoCloseable subscribe(long fromRevision, Consumer<Event> sink, Consumer<Throwable> onEnd);

    /** The store revision the control plane has applied to its view. */
    long revision();

    /** What external brains call: register, follow their work, submit plans (the /v1/brains routes). */
    BrainGateway brains();
}

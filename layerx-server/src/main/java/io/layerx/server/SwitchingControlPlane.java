package io.layerx.server;

import io.layerx.brain.BrainGateway;
import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.Task;
import io.layerx.service.ClusterView;
import io.layerx.service.ControlPlane;
import io.layerx.service.Event;
import io.layerx.service.JobView;
import io.layerx.service.NodeView;
import io.layerx.service.PlanPreview;
import io.layerx.service.SubmitResult;
import io.layerx.service.TaskFilter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The control plane of whichever core this server runs now: the leader's, while it leads. Reads of state (clusters,
 * nodes, jobs, tasks, events) go, while it does not lead, to the server's own read-only view of the store; writes
 * between terms are {@link LayerXException.Unavailable} (the API forwards writes to the leader, so only a request
 * racing a change of leader sees it).
 */
final class SwitchingControlPlane implements ControlPlane {

    private volatile ControlPlane current;
    private volatile ControlPlane reader;

    void use(ControlPlane next) {
        current = next;
    }

    void clear() {
        current = null;
    }

    /** Where reads go while this server does not lead. */
    void readFrom(ControlPlane view) {
        reader = view;
    }

    private ControlPlane reads() {
        ControlPlane c = current;
        if (c != null) return c;
        ControlPlane r = reader;
        if (r == null) throw new LayerXException.Unavailable("this server does not lead right now", null);
        return r;
    }

    private ControlPlane now() {
        ControlPlane c = current;
        if (c == null) throw new LayerXException.Unavailable("this server does not lead right now", null);
        return c;
    }

    @Override
    public ClusterView addCluster(Cluster cluster) {
        return now().addCluster(cluster);
    }

    @Override
    public List<ClusterView> clusters() {
        return reads().clusters();
    }

    @Override
    public ClusterView cluster(String name) {
        return reads().cluster(name);
    }

    @Override
    public List<NodeView> nodes(String cluster) {
        return reads().nodes(cluster);
    }

    @Override
    public NodeView node(String name) {
        return reads().node(name);
    }

    @Override
    public NodeView failNode(String name) {
        return now().failNode(name);
    }

    @Override
    public NodeView drainNode(String name, boolean drain) {
        return now().drainNode(name, drain);
    }

    @Override
    public SubmitResult submitJob(Job job) {
        return now().submitJob(job);
    }

    @Override
    public PlanPreview planJob(Job job) {
        return now().planJob(job);
    }

    @Override
    public List<JobView> jobs() {
        return reads().jobs();
    }

    @Override
    public JobView job(String name) {
        return reads().job(name);
    }

    @Override
    public JobView stopJob(String name) {
        return now().stopJob(name);
    }

    @Override
    public void deleteJob(String name) {
        now().deleteJob(name);
    }

    @Override
    public List<Task> tasks(TaskFilter filter) {
        return reads().tasks(filter);
    }

    @Override
    public Task task(String id) {
        return reads().task(id);
    }

    @Override
    public Task migrateTask(String id, String node, String cluster) {
        return now().migrateTask(id, node, cluster);
    }

    @Override
    public AutoCloseable subscribe(long fromRevision, Consumer<Event> sink, Consumer<Throwable> onEnd) {
        return reads().subscribe(fromRevision, sink, onEnd);
    }

    @Override
    public long revision() {
        return reads().revision();
    }

    @Override
    public BrainGateway brains() {
        return now().brains();
    }
}

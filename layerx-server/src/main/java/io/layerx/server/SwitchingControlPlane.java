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
 * The control plane of whichever core this server runs now: the leader's, while it leads. Between terms every call
 * is {@link LayerXException.Unavailable} (the API forwards to the leader, so only a request racing a change of
 * leader sees it).
 */
final class SwitchingControlPlane implements ControlPlane {

    private volatile ControlPlane current;

    void use(ControlPlane next) {
        current = next;
    }

    void clear() {
        current = null;
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
        return now().clusters();
    }

    @Override
    public ClusterView cluster(String name) {
        return now().cluster(name);
    }

    @Override
    public List<NodeView> nodes(String cluster) {
        return now().nodes(cluster);
    }

    @Override
    public NodeView node(String name) {
        return now().node(name);
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
        return now().jobs();
    }

    @Override
    public JobView job(String name) {
        return now().job(name);
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
        return now().tasks(filter);
    }

    @Override
    public Task task(String id) {
        return now().task(id);
    }

    @Override
    public Task migrateTask(String id, String node, String cluster) {
        return now().migrateTask(id, node, cluster);
    }

    @Override
    public AutoCloseable subscribe(long fromRevision, Consumer<Event> sink, Consumer<Throwable> onEnd) {
        return now().subscribe(fromRevision, sink, onEnd);
    }

    @Override
    public long revision() {
        return now().revision();
    }

    @Override
    public BrainGateway brains() {
        return now().brains();
    }
}

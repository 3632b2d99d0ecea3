package io.layerx.provider.resource;

import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.Task;
import java.util.List;

/**
 * Brings clusters of one kind into the pool and carries out what the core assigns on their nodes. A provider
 * watches committed assignments through the view its {@link ProviderContext} gives, and reports what it observes
 * back through the context's status sink. Adding a provider is one package and one registration line.
 */
public interface ResourceProvider extends AutoCloseable {

    /** The cluster kind it serves, e.g. {@code sim}. */
    String kind();

    /** Every problem with a cluster spec of this kind; empty when it is fine. */
    List<String> validate(Cluster cluster);

    /** The nodes a newly added cluster brings (they are written to the store by the caller). */
    List<Node> nodesOf(Cluster cluster);

    /** Starts carrying out assignments. */
    void start(ProviderContext context);

    /** Stops a copy of a task the core no longer wants on {@code node} (a lost node came back, say). */
    void kill(String node, Task task);

    @Override
    void close();
}

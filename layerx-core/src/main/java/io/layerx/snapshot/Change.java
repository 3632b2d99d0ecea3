package io.layerx.snapshot;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Task;

/**
 * A change the view has applied: the record before ({@code null} if new) and after ({@code null} if deleted).
 * {@link Resynced} says the view was rebuilt from a fresh list: everything may have changed.
 */
public sealed interface Change permits Change.ClusterChanged, Change.NodeChanged, Change.JobChanged,
        Change.TaskChanged, Change.Resynced {

    record ClusterChanged(Cluster before, Cluster after) implements Change {
    }

    record NodeChanged(Node before, Node after) implements Change {
    }

    record JobChanged(Job before, Job after) implements Change {
    }

    record TaskChanged(Task before, Task after) implements Change {
    }

    record Resynced() implements Change {
    }
}

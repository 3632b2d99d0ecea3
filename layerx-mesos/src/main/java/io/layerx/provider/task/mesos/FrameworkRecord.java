package io.layerx.provider.task.mesos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A framework as {@code /v1/events} shows it (kind {@code framework}; a delete is its teardown), kept in the store
 * under {@link FrameworkStore#PUBLIC}: written when it subscribes, fails over, disconnects or its tasks change.
 *
 * @param change         subscribed (the first time), failed_over (came back with its id) or disconnected
 * @param disconnectedAt when its stream went away, {@code null} while connected
 * @param tasks          its tasks: Mesos task id to the LayerX job that runs it
 */
public record FrameworkRecord(String id, String name, String user, List<String> roles, String change,
                              double failoverTimeoutSeconds, Instant disconnectedAt, Map<String, String> tasks) {
    public FrameworkRecord {
        roles = List.copyOf(roles);
        tasks = Map.copyOf(tasks);
    }
}

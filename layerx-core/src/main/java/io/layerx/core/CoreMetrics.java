package io.layerx.core;

import io.layerx.model.NodeState;
import io.layerx.model.TaskState;
import io.layerx.snapshot.StateCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Gauges over the view: nodes by state, tasks by state, pending work, the applied revision. */
final class CoreMetrics {

    private CoreMetrics() {
    }

    static void register(MeterRegistry meters, StateCache cache) {
        for (NodeState s : NodeState.values()) {
            Gauge.builder("layerx.nodes", cache, c -> c.read(v -> v.nodes().stream().filter(n -> n.value().state() == s).count()))
                    .tag("state", s.wire()).description("nodes by state").register(meters);
        }
        for (TaskState s : TaskState.values()) {
            Gauge.builder("layerx.tasks", cache, c -> c.read(v -> v.tasks().stream().filter(t -> t.value().state() == s).count()))
                    .tag("state", s.wire()).description("tasks by state").register(meters);
        }
        Gauge.builder("layerx.store.revision", cache, StateCache::revision).description("store revision applied to the view")
                .register(meters);
    }
}

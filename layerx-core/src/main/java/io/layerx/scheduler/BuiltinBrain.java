package io.layerx.scheduler;

import io.layerx.scheduler.placement.PlacementPass;
import io.layerx.scheduler.placement.Relocation;
import io.layerx.snapshot.View;
import java.util.List;
import java.util.function.Supplier;

/** The default brain for service and batch jobs: feasibility, then binpack or spread as the job asks. */
public final class BuiltinBrain implements Brain {

    private final String name;
    private final int batch;
    private final Supplier<Relocation.Policy> onArrival;

    /** @param batch the most tasks one plan places (bounds the size of one store transaction) */
    public BuiltinBrain(String name, int batch) {
        this(name, batch, () -> null);
    }

    /**
     * @param onArrival where a binpack task that would open an idle node may move a running task instead (null:
     *                  nowhere), read at every plan ({@link io.layerx.rebalance.Rebalancer#onArrival})
     */
    public BuiltinBrain(String name, int batch, Supplier<Relocation.Policy> onArrival) {
        this.name = name;
        this.batch = batch;
        this.onArrival = onArrival;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Proposal plan(String job, View view) {
        return PlacementPass.plan(name, view, job, batch, onArrival.get());
    }

    /** The most tasks one plan places. */
    public int batch() {
        return batch;
    }

    /**
     * Plans the pending tasks of several jobs of one {@link PlacementPass#shape} in one pass (see
     * {@link PlacementPass#planTogether}); the caller keeps their tasks within {@link #batch()}.
     */
    public Proposal planTogether(List<String> jobs, View view) {
        return PlacementPass.planTogether(name, view, jobs, onArrival.get());
    }
}

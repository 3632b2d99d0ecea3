package io.layerx.bench;

import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Plain throughput: {@code tasks} tasks in jobs of {@code jobSize} on {@code nodes} alike simulated nodes, no
 * constraint or rule beyond the strategy.
 */
public final class PlaceScenario {

    public record Params(int nodes, int tasks, int jobSize, int brains, Strategy strategy, Resources node,
                         Resources task) {
    }

    private PlaceScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        Jobs jobs = Jobs.of("bench-", p.tasks() / p.jobSize(), p.jobSize(), p.task()).with(p.strategy());
        try (Rig rig = Rig.start(p.brains(), InstantSource.system())) {
            rig.addSimCluster("bench", p.nodes(), p.node(), 0, "");
            Wave w = Wave.run(rig, jobs, Duration.ofMinutes(30));
            return w.figures("place", jobs).put("nodes", p.nodes()).put("brains", p.brains())
                    .put("strategy", p.strategy().wire()).put("heap_used_mib", Figures.heapUsedMib())
                    .put("store", "embedded");
        }
    }
}

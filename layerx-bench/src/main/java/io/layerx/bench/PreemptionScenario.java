package io.layerx.bench;

import io.layerx.model.DesiredState;
import io.layerx.model.Resources;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Preemption at Kubernetes' benchmark scale: {@code nodes} nodes over {@code zones} zones are first filled with
 * low-priority tasks (four per node, not timed); then high-priority jobs arrive whose every task fits only by
 * evicting one low-priority task. A placement counts when the plan that stops its victim and places it is
 * committed. The victims' replacements wait (nothing has room), as they should.
 */
public final class PreemptionScenario {

    static final Resources NODE = Resources.of(4_000, 16_384);
    static final Resources TASK = Resources.of(1_000, 4_096);
    static final int LOW = 10;
    static final int HIGH = 90;

    public record Params(int nodes, int zones, int jobs, int jobSize, int brains) {
    }

    private PreemptionScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        int perNode = (int) (NODE.cpu() / TASK.cpu());
        Jobs low = Jobs.of("low-", Math.max(1, p.nodes() * perNode / p.jobSize()), p.jobSize(), TASK).withPriority(LOW);
        Jobs high = Jobs.of("high-", p.jobs(), p.jobSize(), TASK).withPriority(HIGH);
        try (Rig rig = Rig.start(p.brains(), InstantSource.system())) {
            rig.addSimCluster("zoned", p.nodes(), NODE, p.zones(), "");
            Wave fill = Wave.run(rig, low, Duration.ofMinutes(10));
            Wave w = Wave.run(rig, high, Duration.ofMinutes(30));
            long evicted = rig.count(t -> low.owns(t.job()) && t.node() != null && t.desired() == DesiredState.STOP);
            return w.figures("preemption", high).put("nodes", p.nodes()).put("zones", p.zones())
                    .put("brains", p.brains()).put("prefilled", fill.stored().tasks())
                    .put("prefill_seconds", fill.seconds()).put("preempted", evicted)
                    .put("store", "embedded");
        }
    }
}

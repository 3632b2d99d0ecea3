package io.layerx.bench;

import io.layerx.bench.fenzo.FenzoRun;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nomad's C1M shape: {@code jobs} jobs of {@code jobSize} tasks on {@code nodes} simulated nodes labelled
 * {@code kind=c1m}, with a node constraint {@code node.labels.kind == c1m} that a tenth more nodes (another
 * cluster, unlabelled) fail. Fenzo places the same tasks (the first {@code peerJobs} jobs) on the same hosts.
 */
public final class C1mScenario {

    static final Resources NODE = new Resources(32_000, 65_536, 0);
    static final Resources TASK = Resources.of(100, 256);
    static final String LABEL = "kind";
    static final String VALUE = "c1m";

    /** @param peerJobs jobs Fenzo places (0: no peer) */
    public record Params(int nodes, int jobs, int jobSize, int brains, Strategy strategy, int peerJobs,
                         double goodEnough) {
    }

    private C1mScenario() {
    }

    public static Figures run(Params p) throws InterruptedException {
        Jobs jobs = Jobs.of("c1m-", p.jobs(), p.jobSize(), TASK).with(p.strategy())
                .withConstraints(List.of(Jobs.constraint("node.labels." + LABEL + " == " + VALUE)));
        int others = Math.max(1, p.nodes() / 10);
        Figures f;
        try (Rig rig = Rig.start(p.brains(), InstantSource.system())) {
            rig.addSimCluster("c1m", p.nodes(), NODE, 0, LABEL + "=" + VALUE);
            rig.addSimCluster("other", others, NODE, 0, "");
            long peerTasks = (long) Math.min(p.peerJobs(), p.jobs()) * p.jobSize();
            Wave w = Wave.run(rig, jobs, jobs::job, Duration.ofMinutes(30), peerTasks);
            f = w.figures("c1m", jobs).put("nodes", p.nodes()).put("filtered_nodes", others)
                    .put("brains", p.brains()).put("strategy", p.strategy().wire())
                    .put("store", "embedded");
            if (p.peerJobs() > 0 && w.markSeconds() > 0) {
                f.put("first_peer_tasks_seconds", w.markSeconds())
                        .put("first_peer_tasks_placements_per_second", Math.round(peerTasks / w.markSeconds()));
            }
        }
        if (p.peerJobs() > 0) peer(f, p, others);
        return f;
    }

    private static void peer(Figures f, Params p, int others) {
        List<FenzoRun.Host> hosts = new ArrayList<>();
        for (int i = 0; i < p.nodes(); i++) hosts.add(new FenzoRun.Host("c1m-" + i, NODE, Map.of(LABEL, VALUE)));
        for (int i = 0; i < others; i++) hosts.add(new FenzoRun.Host("other-" + i, NODE, Map.of()));
        List<FenzoRun.Batch> batches = new ArrayList<>();
        int n = Math.min(p.peerJobs(), p.jobs());
        for (int j = 0; j < n; j++) batches.add(new FenzoRun.Batch("c1m-" + j, p.jobSize(), TASK, LABEL, VALUE));
        FenzoRun.Outcome o = FenzoRun.run(hosts, batches, p.goodEnough());
        Peers.put(f, o, n * (long) p.jobSize(), p.goodEnough());
    }
}

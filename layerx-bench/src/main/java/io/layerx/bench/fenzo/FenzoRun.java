package io.layerx.bench.fenzo;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.functions.Action2;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Netflix Fenzo (fenzo-core 0.13.8) placing the same workload as a LayerX scenario, in the same process: hosts
 * become leases; each batch is one {@code scheduleOnce}; every assignment is recorded with Fenzo's task assigner
 * and the host's remaining room is offered again as a new lease, as a Mesos framework would see it re-offered.
 * Fenzo keeps everything in memory: nothing is written anywhere.
 */
public final class FenzoRun {

    /** A host of the pool. */
    public record Host(String name, Resources capacity, Map<String, String> labels) {
    }

    /**
     * One scheduling iteration: {@code count} tasks of one shape, optionally constrained to hosts with the label
     * {@code labelKey=labelValue}.
     */
    public record Batch(String prefix, int count, Resources task, String labelKey, String labelValue) {
    }

    /** What Fenzo did: placements, the time spent in its calls and bookkeeping, hosts that got any task. */
    public record Outcome(long placed, long unplaced, double seconds, int nodesUsed) {
    }

    private FenzoRun() {
    }

    /**
     * @param goodEnough Fenzo stops looking at more hosts for a task once a host's fitness exceeds this (Fenzo's
     *                   {@code withFitnessGoodEnoughFunction}); 1.0 looks at every host
     */
    public static Outcome run(List<Host> hosts, List<Batch> batches, double goodEnough) {
        Pool pool = new Pool(hosts);
        TaskScheduler scheduler = new TaskScheduler.Builder()
                .withLeaseOfferExpirySecs(1_000_000_000L)
                .withLeaseRejectAction(lease -> { })
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemBinPacker)
                .withFitnessGoodEnoughFunction(f -> f > goodEnough)
                .disableShortfallEvaluation()
                .build();
        try {
            Action2<TaskRequest, String> assigner = scheduler.getTaskAssigner();
            long unplaced = 0;
            long start = System.nanoTime();
            for (Batch b : batches) {
                List<FenzoTask> tasks = tasks(b, pool.labels);
                SchedulingResult r = scheduler.scheduleOnce(tasks, pool.takeOffers());
                if (!r.getExceptions().isEmpty()) throw new IllegalStateException("Fenzo failed", r.getExceptions().get(0));
                unplaced += tasks.size() - pool.record(r, assigner);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(pool.placed, unplaced, seconds, pool.used.size());
        } finally {
            scheduler.shutdown();
        }
    }

    /** What each host has free, the offers Fenzo has not seen yet, and what it placed where. */
    private static final class Pool {
        private final Map<String, Map<String, String>> labels = new HashMap<>();
        private final Map<String, double[]> free = new HashMap<>();
        private final Set<String> used = new HashSet<>();
        private List<VirtualMachineLease> offers = new ArrayList<>();
        private long leaseIds;
        private long placed;

        Pool(List<Host> hosts) {
            for (Host h : hosts) {
                labels.put(h.name(), h.labels());
                double[] f = {h.capacity().cpu() / 1000.0, h.capacity().memory(), h.capacity().disk()};
                free.put(h.name(), f);
                offers.add(lease(leaseIds++, h.name(), f));
            }
        }

        List<VirtualMachineLease> takeOffers() {
            List<VirtualMachineLease> out = offers;
            offers = new ArrayList<>();
            return out;
        }

        /** Tells Fenzo each assignment and offers each used host's remaining room again; returns the count. */
        int record(SchedulingResult r, Action2<TaskRequest, String> assigner) {
            int n = 0;
            for (VMAssignmentResult vm : r.getResultMap().values()) {
                double[] f = free.get(vm.getHostname());
                for (TaskAssignmentResult a : vm.getTasksAssigned()) {
                    assigner.call(a.getRequest(), vm.getHostname());
                    f[0] -= a.getRequest().getCPUs();
                    f[1] -= a.getRequest().getMemory();
                    f[2] -= a.getRequest().getDisk();
                    n++;
                }
                used.add(vm.getHostname());
                offers.add(lease(leaseIds++, vm.getHostname(), f));
            }
            placed += n;
            return n;
        }
    }

    private static FenzoLease lease(long id, String host, double[] free) {
        return new FenzoLease("lease-" + id, host, free[0], free[1], free[2], System.currentTimeMillis());
    }

    private static List<FenzoTask> tasks(Batch b, Map<String, Map<String, String>> labels) {
        List<ConstraintEvaluator> constraints = b.labelKey() == null ? List.of()
                : List.of(new LabelConstraint(b.labelKey(), b.labelValue(), labels));
        List<FenzoTask> out = new ArrayList<>(b.count());
        for (int i = 0; i < b.count(); i++) {
            out.add(new FenzoTask(b.prefix() + "-" + i, b.task().cpu() / 1000.0, b.task().memory(), b.task().disk(),
                    constraints));
        }
        return out;
    }
}

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
        Map<String, Map<String, String>> labels = new HashMap<>();
        Map<String, double[]> free = new HashMap<>();
        List<VirtualMachineLease> offers = new ArrayList<>();
        long leaseIds = 0;
        for (Host h : hosts) {
            labels.put(h.name(), h.labels());
            double[] f = {h.capacity().cpu() / 1000.0, h.capacity().memory(), h.capacity().disk()};
            free.put(h.name(), f);
            offers.add(lease(leaseIds++, h.name(), f));
        }
        TaskScheduler scheduler = new TaskScheduler.Builder()
                .withLeaseOfferExpirySecs(1_000_000_000L)
                .withLeaseRejectAction(lease -> { })
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemBinPacker)
                .withFitnessGoodEnoughFunction(f -> f > goodEnough)
                .disableShortfallEvaluation()
                .build();
        try {
            Action2<TaskRequest, String> assigner = scheduler.getTaskAssigner();
            Set<String> used = new HashSet<>();
            long placed = 0;
            long unplaced = 0;
            long start = System.nanoTime();
            for (Batch b : batches) {
                List<FenzoTask> tasks = tasks(b, labels);
                SchedulingResult r = scheduler.scheduleOnce(tasks, offers);
                if (!r.getExceptions().isEmpty()) throw new IllegalStateException("Fenzo failed", r.getExceptions().get(0));
                offers = new ArrayList<>();
                for (VMAssignmentResult vm : r.getResultMap().values()) {
                    double[] f = free.get(vm.getHostname());
                    for (TaskAssignmentResult a : vm.getTasksAssigned()) {
                        assigner.call(a.getRequest(), vm.getHostname());
                        f[0] -= a.getRequest().getCPUs();
                        f[1] -= a.getRequest().getMemory();
                        f[2] -= a.getRequest().getDisk();
                        placed++;
                    }
                    used.add(vm.getHostname());
                    offers.add(lease(leaseIds++, vm.getHostname(), f));
                }
                unplaced += tasks.size() - countAssigned(r);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(placed, unplaced, seconds, used.size());
        } finally {
            scheduler.shutdown();
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

    private static int countAssigned(SchedulingResult r) {
        int n = 0;
        for (VMAssignmentResult vm : r.getResultMap().values()) n += vm.getTasksAssigned().size();
        return n;
    }
}

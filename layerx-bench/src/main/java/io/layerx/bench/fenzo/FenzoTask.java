package io.layerx.bench.fenzo;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One task as Fenzo takes it: cpu in cores, memory and disk in MB, hard constraints. */
final class FenzoTask implements TaskRequest {

    private final String id;
    private final double cpu;
    private final double memory;
    private final double disk;
    private final List<ConstraintEvaluator> constraints;
    private volatile AssignedResources assigned;

    FenzoTask(String id, double cpu, double memory, double disk, List<ConstraintEvaluator> constraints) {
        this.id = id;
        this.cpu = cpu;
        this.memory = memory;
        this.disk = disk;
        this.constraints = List.copyOf(constraints);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String taskGroupName() {
        return "bench";
    }

    @Override
    public double getCPUs() {
        return cpu;
    }

    @Override
    public double getMemory() {
        return memory;
    }

    @Override
    public double getNetworkMbps() {
        return 0;
    }

    @Override
    public double getDisk() {
        return disk;
    }

    @Override
    public int getPorts() {
        return 0;
    }

    @Override
    public Map<String, Double> getScalarRequests() {
        return Collections.emptyMap();
    }

    @Override
    public Map<String, NamedResourceSetRequest> getCustomNamedResources() {
        return Collections.emptyMap();
    }

    @Override
    public List<? extends ConstraintEvaluator> getHardConstraints() {
        return constraints;
    }

    @Override
    public List<? extends VMTaskFitnessCalculator> getSoftConstraints() {
        return List.of();
    }

    @Override
    public void setAssignedResources(AssignedResources r) {
        this.assigned = r;
    }

    @Override
    public AssignedResources getAssignedResources() {
        return assigned;
    }
}

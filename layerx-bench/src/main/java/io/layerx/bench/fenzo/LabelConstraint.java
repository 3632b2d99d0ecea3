package io.layerx.bench.fenzo;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskTrackerState;
import com.netflix.fenzo.VirtualMachineCurrentState;
import java.util.Map;

/** Fenzo's side of a {@code node.labels.KEY == VALUE} constraint: the host must carry the label. */
record LabelConstraint(String key, String value, Map<String, Map<String, String>> labelsByHost)
        implements ConstraintEvaluator {

    private static final Result OK = new Result(true, "");

    @Override
    public String getName() {
        return key + "==" + value;
    }

    @Override
    public Result evaluate(TaskRequest task, VirtualMachineCurrentState vm, TaskTrackerState tracker) {
        Map<String, String> labels = labelsByHost.getOrDefault(vm.getHostname(), Map.of());
        return value.equals(labels.get(key)) ? OK : new Result(false, "host lacks " + getName());
    }
}

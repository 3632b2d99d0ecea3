package io.layerx.model;

/**
 * A vector of schedulable quantities: cpu in millicores, memory and disk in MiB.
 * Ports are not a quantity; they are requested per task and tracked per node.
 */
public record Resources(long cpu, long memory, long disk) {

    public static final Resources ZERO = new Resources(0, 0, 0);

    public static Resources of(long cpu, long memory) {
        return new Resources(cpu, memory, 0);
    }

    public Resources plus(Resources o) {
        return new Resources(cpu + o.cpu, memory + o.memory, disk + o.disk);
    }

    public Resources minus(Resources o) {
        return new Resources(cpu - o.cpu, memory - o.memory, disk - o.disk);
    }

    /** True when every dimension of {@code demand} fits in this vector. */
    public boolean fits(Resources demand) {
        return demand.cpu <= cpu && demand.memory <= memory && demand.disk <= disk;
    }

    public boolean anyNegative() {
        return cpu < 0 || memory < 0 || disk < 0;
    }

    /** The names of the dimensions in which {@code demand} exceeds this vector. */
    public java.util.List<String> shortfall(Resources demand) {
        var out = new java.util.ArrayList<String>(3);
        if (demand.cpu > cpu) out.add("cpu");
        if (demand.memory > memory) out.add("memory");
        if (demand.disk > disk) out.add("disk");
        return out;
    }
}

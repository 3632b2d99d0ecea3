package io.layerx.model;

/**
 * A vector of schedulable quantities: cpu in millicores, memory and disk in MiB, gpu in thousandths of a GPU device
 * (1000 is one whole device). Ports are not a quantity; they are requested per task and tracked per node. The gpu
 * figure of a node is the sum over its devices; whether a task's gpu fits is decided per device
 * ({@link GpuShares}): a share below 1000 must fit on one device, more than that takes whole free devices.
 */
public record Resources(long cpu, long memory, long disk, long gpu) {

    public static final Resources ZERO = new Resources(0, 0, 0, 0);

    /** No GPU. */
    public Resources(long cpu, long memory, long disk) {
        this(cpu, memory, disk, 0);
    }

    public static Resources of(long cpu, long memory) {
        return new Resources(cpu, memory, 0, 0);
    }

    /** The same vector with {@code g} thousandths of a GPU. */
    public Resources withGpu(long g) {
        return new Resources(cpu, memory, disk, g);
    }

    public Resources plus(Resources o) {
        return new Resources(cpu + o.cpu, memory + o.memory, disk + o.disk, gpu + o.gpu);
    }

    public Resources minus(Resources o) {
        return new Resources(cpu - o.cpu, memory - o.memory, disk - o.disk, gpu - o.gpu);
    }

    /** True when every dimension of {@code demand} fits in this vector (the gpu sum only; see {@link GpuShares}). */
    public boolean fits(Resources demand) {
        return demand.cpu <= cpu && demand.memory <= memory && demand.disk <= disk && demand.gpu <= gpu;
    }

    public boolean anyNegative() {
        return cpu < 0 || memory < 0 || disk < 0 || gpu < 0;
    }

    /** The names of the dimensions in which {@code demand} exceeds this vector. */
    public java.util.List<String> shortfall(Resources demand) {
        var out = new java.util.ArrayList<String>(4);
        if (demand.cpu > cpu) out.add("cpu");
        if (demand.memory > memory) out.add("memory");
        if (demand.disk > disk) out.add("disk");
        if (demand.gpu > gpu) out.add("gpu");
        return out;
    }

    @Override
    public String toString() {
        return "Resources[cpu=" + cpu + ", memory=" + memory + ", disk=" + disk + (gpu != 0 ? ", gpu=" + gpu : "") + "]";
    }
}

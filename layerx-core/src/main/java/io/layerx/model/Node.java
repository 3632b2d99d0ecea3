package io.layerx.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One machine of a cluster. The name is unique across the pool and is the node's id.
 *
 * @param provider the kind of the cluster the node belongs to (sim, agent, docker, ...)
 * @param maxPorts the number of host ports the node hands out to tasks (the range [portLow, portLow + maxPorts))
 * @param gpus     the node's GPU devices, by index; the capacity's gpu is 1000 per device, and a node with devices
 *                 carries the labels {@code gpu.model} (its first device's model) and {@code gpu.count}
 * @param reclaimedCpu millicores placement may use beyond the capacity: cpu its running tasks reserve but have not
 *                 used lately, when its cluster over-commits cpu by use (0 otherwise; see {@link #schedulable()})
 */
public record Node(
        String name,
        String cluster,
        String provider,
        Resources capacity,
        Map<String, String> labels,
        NodeState state,
        String address,
        int portLow,
        int maxPorts,
        Instant joined,
        List<GpuDevice> gpus,
        long reclaimedCpu) {

    /**
     * The label prefix by which a node says which task drivers it runs: {@code driver.docker=true} means the node
     * runs docker images (docker-cluster nodes, agents with the docker driver, simulated nodes), so jobs whose tasks
     * use that driver may land on it.
     */
    public static final String DRIVER_LABEL = "driver.";

    public static final int DEFAULT_PORT_LOW = 20000;
    public static final int DEFAULT_MAX_PORTS = 10000;

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(capacity, "capacity");
        gpus = gpus == null ? List.of() : gpus.stream().sorted(Comparator.comparingInt(GpuDevice::index)).toList();
        capacity = capacity.withGpu(GpuShares.WHOLE * gpus.size());
        labels = labels == null ? Map.of() : gpus.isEmpty() ? Map.copyOf(labels) : withGpuLabels(labels, gpus);
        state = state == null ? NodeState.READY : state;
        provider = provider == null ? "" : provider;
        address = address == null ? "" : address;
        if (maxPorts == 0) {
            portLow = DEFAULT_PORT_LOW;
            maxPorts = DEFAULT_MAX_PORTS;
        }
        reclaimedCpu = Math.max(0, reclaimedCpu);
    }

    /** A node that reclaims nothing. */
    public Node(String name, String cluster, String provider, Resources capacity, Map<String, String> labels,
                NodeState state, String address, int portLow, int maxPorts, Instant joined, List<GpuDevice> gpus) {
        this(name, cluster, provider, capacity, labels, state, address, portLow, maxPorts, joined, gpus, 0);
    }

    /** A node without GPUs. */
    public Node(String name, String cluster, String provider, Resources capacity, Map<String, String> labels,
                NodeState state, String address, int portLow, int maxPorts, Instant joined, long reclaimedCpu) {
        this(name, cluster, provider, capacity, labels, state, address, portLow, maxPorts, joined, List.of(), reclaimedCpu);
    }

    /** A node without GPUs. */
    public Node(String name, String cluster, String provider, Resources capacity, Map<String, String> labels,
                NodeState state, String address, int portLow, int maxPorts, Instant joined) {
        this(name, cluster, provider, capacity, labels, state, address, portLow, maxPorts, joined, List.of(), 0);
    }

    private static Map<String, String> withGpuLabels(Map<String, String> labels, List<GpuDevice> gpus) {
        Map<String, String> out = new HashMap<>(labels);
        out.putIfAbsent(GpuDevice.MODEL_LABEL, gpus.getFirst().model());
        out.put(GpuDevice.COUNT_LABEL, String.valueOf(gpus.size()));
        return Map.copyOf(out);
    }

    /** The free share of each device once {@code tasks} (with their {@link Task#gpus()}) hold theirs. */
    public GpuShares gpuFree(Iterable<Task> tasks) {
        GpuShares free = GpuShares.idle(gpus.size());
        for (Task t : tasks) {
            if (t.resources().gpu() > 0 && !t.gpus().isEmpty()) free = free.minus(positions(t.gpus()), t.resources().gpu());
        }
        return free;
    }

    /** The device shares {@code devices} once {@code t} gives back what it holds of them ({@link Task#gpus()}). */
    public GpuShares givenBack(GpuShares devices, Task t) {
        return t.resources().gpu() > 0 && !t.gpus().isEmpty() ? devices.plus(positions(t.gpus()), t.resources().gpu())
                : devices;
    }

    /** The inverse of {@link #givenBack}: {@code t} takes its devices' shares again. */
    public GpuShares takenAgain(GpuShares devices, Task t) {
        return t.resources().gpu() > 0 && !t.gpus().isEmpty() ? devices.minus(positions(t.gpus()), t.resources().gpu())
                : devices;
    }

    /** Device positions (in {@link #gpus}) of device indices. */
    public List<Integer> positions(List<Integer> indices) {
        List<Integer> out = new ArrayList<>(indices.size());
        for (int index : indices) {
            for (int i = 0; i < gpus.size(); i++) if (gpus.get(i).index() == index) out.add(i);
        }
        return out;
    }

    /** Device indices of device positions (in {@link #gpus}). */
    public List<Integer> indices(List<Integer> positions) {
        return positions.stream().map(p -> gpus.get(p).index()).toList();
    }

    /** The label that says the node runs tasks of {@code driver}, e.g. {@code driver.docker}. */
    public static String driverLabel(String driver) {
        return DRIVER_LABEL + driver;
    }

    public Node withState(NodeState s) {
        return new Node(name, cluster, provider, capacity, labels, s, address, portLow, maxPorts, joined, gpus, reclaimedCpu);
    }

    public Node withLabels(Map<String, String> l) {
        return new Node(name, cluster, provider, capacity, l, state, address, portLow, maxPorts, joined, gpus, reclaimedCpu);
    }

    public Node withCapacity(Resources c) {
        return new Node(name, cluster, provider, c, labels, state, address, portLow, maxPorts, joined, gpus, reclaimedCpu);
    }

    public Node withReclaimedCpu(long millicores) {
        return new Node(name, cluster, provider, capacity, labels, state, address, portLow, maxPorts, joined, gpus, millicores);
    }

    /**
     * What placement may fill: the capacity plus the reclaimed cpu. Memory, disk and GPUs are never over-committed.
     * The scheduler's free view and the plan applier's step check both measure room against this.
     */
    public Resources schedulable() {
        return reclaimedCpu == 0 ? capacity : capacity.plus(new Resources(reclaimedCpu, 0, 0));
    }

    public boolean ready() {
        return state == NodeState.READY;
    }
}

package io.layerx.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One machine of a cluster. The name is unique across the pool and is the node's id.
 *
 * @param provider the kind of the cluster the node belongs to (sim, agent, docker, ...)
 * @param maxPorts the number of host ports the node hands out to tasks (the range [portLow, portLow + maxPorts))
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
        Instant joined) {

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
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        state = state == null ? NodeState.READY : state;
        provider = provider == null ? "" : provider;
        address = address == null ? "" : address;
        if (maxPorts == 0) {
            portLow = DEFAULT_PORT_LOW;
            maxPorts = DEFAULT_MAX_PORTS;
        }
    }

    /** The label that says the node runs tasks of {@code driver}, e.g. {@code driver.docker}. */
    public static String driverLabel(String driver) {
        return DRIVER_LABEL + driver;
    }

    public Node withState(NodeState s) {
        return new Node(name, cluster, provider, capacity, labels, s, address, portLow, maxPorts, joined);
    }

    public Node withLabels(Map<String, String> l) {
        return new Node(name, cluster, provider, capacity, l, state, address, portLow, maxPorts, joined);
    }

    public Node withCapacity(Resources c) {
        return new Node(name, cluster, provider, c, labels, state, address, portLow, maxPorts, joined);
    }

    public boolean ready() {
        return state == NodeState.READY;
    }
}

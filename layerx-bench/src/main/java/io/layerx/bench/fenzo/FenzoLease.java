package io.layerx.bench.fenzo;

import com.netflix.fenzo.VirtualMachineLease;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;

/** What a host has free, offered to Fenzo as a lease (as a Mesos offer would be); no Mesos behind it. */
record FenzoLease(String id, String hostname, double cpu, double memory, double disk, long offeredAt)
        implements VirtualMachineLease {

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getOfferedTime() {
        return offeredAt;
    }

    @Override
    public String getVMID() {
        return hostname;
    }

    @Override
    public double cpuCores() {
        return cpu;
    }

    @Override
    public double memoryMB() {
        return memory;
    }

    @Override
    public double networkMbps() {
        return 0;
    }

    @Override
    public double diskMB() {
        return disk;
    }

    @Override
    public List<Range> portRanges() {
        return List.of();
    }

    @Override
    public Protos.Offer getOffer() {
        return null;
    }

    @Override
    public Map<String, Protos.Attribute> getAttributeMap() {
        return Collections.emptyMap(); // Fenzo looks up a null attribute name: Map.of() would throw
    }

    @Override
    public Double getScalarValue(String name) {
        return null;
    }

    @Override
    public Map<String, Double> getScalarValues() {
        return Collections.emptyMap();
    }
}

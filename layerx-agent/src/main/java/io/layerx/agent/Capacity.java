package io.layerx.agent;

import com.sun.management.OperatingSystemMXBean;
import io.layerx.model.Resources;
import java.lang.management.ManagementFactory;

/**
 * What the machine offers when the operator does not say: cpu from the processors the JVM may use and memory from
 * the machine's total. Both come from the JDK's container support, which reads /proc and the cgroup limits of the
 * agent's own group (v1 or v2), so an agent in a limited group offers only its limit.
 */
final class Capacity {

    private Capacity() {
    }

    static Resources of(long cpu, long memory) {
        long c = cpu > 0 ? cpu : Runtime.getRuntime().availableProcessors() * 1000L;
        long m = memory > 0 ? memory : machineMemoryMib();
        return new Resources(c, m, 0);
    }

    private static long machineMemoryMib() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() >> 20;
    }
}

package io.layerx.usage;

/**
 * What a task (or a node's tasks together) uses now, as measured on its node.
 *
 * @param cpu    millicores, averaged over the last measuring interval
 * @param memory bytes in use: the working set (usage less inactive file cache), what limits and OOM kills act on
 * @param rss    bytes of anonymous resident memory (the kernel's rss / anon)
 * @param pids   processes (threads count as the kernel's pids controller counts them)
 */
public record Usage(long cpu, long memory, long rss, long pids) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage {
        cpu = Math.max(0, cpu);
        memory = Math.max(0, memory);
        rss = Math.max(0, rss);
        pids = Math.max(0, pids);
    }

    public Usage plus(Usage o) {
        return new Usage(cpu + o.cpu, memory + o.memory, rss + o.rss, pids + o.pids);
    }

    /** Memory in MiB, rounded to the nearest. */
    public long memoryMib() {
        return (memory + (1 << 19)) >> 20;
    }
}

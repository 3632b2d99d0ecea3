package io.layerx.usage;

/** Told every node report the {@link UsageBoard} takes (e.g. to keep a history). */
public interface UsageListener {
    void reported(NodeUsage report);
}

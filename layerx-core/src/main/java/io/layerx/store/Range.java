package io.layerx.store;

import java.util.List;

/** The entries under a prefix, sorted by key, as of {@code revision}. */
public record Range(List<KeyValue> items, long revision) {
    public Range {
        items = List.copyOf(items);
    }
}

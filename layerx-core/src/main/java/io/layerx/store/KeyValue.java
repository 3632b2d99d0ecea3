package io.layerx.store;

import java.util.Objects;

/**
 * One stored entry, as etcd describes it.
 *
 * @param createRevision the store revision that created the key
 * @param modRevision    the store revision of the last write to the key; what compare-on-version checks
 * @param version        writes to the key since it was created (1 after the create)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && key.equals(kv.key) && java.util.Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision && version == kv.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, java.util.Arrays.hashCode(value), createRevision, modRevision, version);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " @" + modRevision + " v" + version + ", " + value.length + " bytes]";
    }
}

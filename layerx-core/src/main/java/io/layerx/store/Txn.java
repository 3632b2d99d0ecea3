package io.layerx.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An atomic multi-key write: if every compare holds, every op is applied at one new revision; else nothing is.
 * A key may appear in at most one op.
 */
public record Txn(List<Compare> compares, List<Op> ops) {
    public Txn {
        compares = List.copyOf(compares);
        ops = List.copyOf(ops);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects compares and ops; not thread-safe. */
    public static final class Builder {
        private final List<Compare> compares = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();

        public Builder expect(String key, long modRevision) {
            compares.add(new Compare(key, modRevision));
            return this;
        }

        public Builder expectAbsent(String key) {
            return expect(key, 0);
        }

        public Builder put(String key, byte[] value) {
            ops.add(new Op.Put(key, value));
            return this;
        }

        public Builder delete(String key) {
            ops.add(new Op.Delete(key));
            return this;
        }

        public boolean isEmpty() {
            return ops.isEmpty();
        }

        public Txn build() {
            return new Txn(compares, ops);
        }
    }
}

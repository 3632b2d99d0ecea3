package io.layerx.store;

/** A write in a transaction. */
public sealed interface Op permits Op.Put, Op.Delete {

    String key();

    record Put(String key, byte[] value) implements Op {
    }

    record Delete(String key) implements Op {
    }
}

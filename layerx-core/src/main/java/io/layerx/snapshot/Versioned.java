package io.layerx.snapshot;

/** A record as the store holds it, with the revision of its last write (what plan steps are stamped with). */
public record Versioned<T>(T value, long modRevision) {
}

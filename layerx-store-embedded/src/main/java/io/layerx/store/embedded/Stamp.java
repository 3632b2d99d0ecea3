package io.layerx.store.embedded;

/** The revisions of a stored key, without its value: what compares and the next write need. */
record Stamp(long createRevision, long modRevision, long version) {
}

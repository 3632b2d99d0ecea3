package io.layerx.store;

/** The revision asked for is older than the oldest one the store still keeps history for. */
public final class CompactedException extends RuntimeException {
    private final long compactRevision;

    public CompactedException(long requested, long compactRevision) {
        super("revision " + requested + " is compacted; the oldest kept is " + (compactRevision + 1));
        this.compactRevision = compactRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}

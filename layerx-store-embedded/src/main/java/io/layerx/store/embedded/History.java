package io.layerx.store.embedded;

import io.layerx.store.CompactedException;
import java.util.List;

/** Reads committed revisions back from the log, for watch replay. */
@FunctionalInterface
interface History {

    /**
     * The revisions from {@code from} on, at most up to {@code to}, in order; never empty, starting at {@code from}.
     *
     * @throws CompactedException when {@code from} is no longer kept
     */
    List<CommittedRevision> read(long from, long to);
}

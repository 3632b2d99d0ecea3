package io.layerx.store;

import java.util.List;

/** Receives a watch's changes, one revision at a time, in revision order, on a thread the store owns. */
public interface WatchListener {

    /** The events of one revision under the watched prefix (never empty). */
    void onEvents(long revision, List<WatchEvent> events);

    /**
     * The watch ended and will deliver nothing more: {@link CompactedException} when the start revision is no longer
     * kept (re-list, then watch from the list's revision + 1), or another failure.
     */
    void onError(Throwable error);
}

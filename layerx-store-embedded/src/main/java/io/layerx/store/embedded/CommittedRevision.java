package io.layerx.store.embedded;

import io.layerx.store.WatchEvent;
import java.util.ArrayList;
import java.util.List;

/** The changes of one committed revision, in op order: one log entry, and what watches deliver. */
record CommittedRevision(long revision, List<WatchEvent> events) {
    CommittedRevision {
        events = List.copyOf(events);
    }

    /** The events under {@code prefix}, in order; empty when none is. */
    List<WatchEvent> under(String prefix) {
        if (prefix.isEmpty()) {
            return events;
        }
        List<WatchEvent> mine = new ArrayList<>(events.size());
        for (WatchEvent e : events) {
            if (e.kv().key().startsWith(prefix)) {
                mine.add(e);
            }
        }
        return mine.size() == events.size() ? events : List.copyOf(mine);
    }
}

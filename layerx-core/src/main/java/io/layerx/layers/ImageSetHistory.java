package io.layerx.layers;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the API writes for one image set (at {@code /imagesets/NAME}): every version applied so far, the version the
 * nodes are rolled to, and the roll's controls.
 *
 * @param target   the version every selected node should run
 * @param previous the version the roll to {@code target} started from (what a rollback returns to); 0 for none
 * @param paused   no further node starts its roll until resumed (a node already rolling finishes)
 * @param attempt  grows on every apply, rollback or resume, so a roll that stopped on a failure starts again
 */
public record ImageSetHistory(String name, List<ImageSet> versions, long target, long previous, boolean paused,
                              long attempt) {

    public ImageSetHistory {
        Objects.requireNonNull(name, "name");
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    public Optional<ImageSet> version(long v) {
        return versions.stream().filter(s -> s.version() == v).findFirst();
    }

    /** The spec of the target version. */
    public ImageSet current() {
        return version(target).orElseThrow(() -> new IllegalStateException("image set " + name + " has no version " + target));
    }

    public long newest() {
        return versions.stream().map(ImageSet::version).max(Comparator.naturalOrder()).orElse(0L);
    }
}

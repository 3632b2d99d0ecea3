package io.layerx.controller.runtime;

import java.util.List;
import java.util.Set;

/**
 * A {@link Reconciler} of several keys in one call, for work whose cost is shared when done together (one placement
 * pass and one commit for many like jobs). Level-triggered like it: it reads everything it needs.
 */
@FunctionalInterface
public interface BatchReconciler<K> {

    /** @return the keys that need another pass soon (e.g. a conflict was met); the others are done */
    Set<K> reconcile(List<K> keys);
}

package io.layerx.controller.runtime;

/** Brings one key's actual state toward its desired state. Level-triggered: it reads everything it needs. */
@FunctionalInterface
public interface Reconciler<K> {

    /** {@code true} when the key needs another pass soon (e.g. a conflict was met), {@code false} when done. */
    boolean reconcile(K key);
}

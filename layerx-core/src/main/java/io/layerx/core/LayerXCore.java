package io.layerx.core;

import io.layerx.service.ControlPlane;
import io.layerx.store.Store;

/**
 * Everything of one LayerX server above its store: the in-memory view, the controllers, the brains, the plan
 * applier and the built-in resource providers. The composition of the core; the server module composes the rest.
 */
public final class LayerXCore implements AutoCloseable {

    private LayerXCore() {
    }

    /** Loads the view from the store and starts every loop. */
    public static LayerXCore start(Store store, CoreOptions options) {
        throw new UnsupportedOperationException("being written");
    }

    public ControlPlane controlPlane() {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void close() {
    }
}

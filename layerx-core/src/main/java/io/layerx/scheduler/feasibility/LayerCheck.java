package io.layerx.scheduler.feasibility;

import io.layerx.model.Node;
import io.layerx.model.Requirement;
import java.util.List;
import java.util.Optional;

/**
 * A layer-2 job's required image sets ({@code requires: imageset=NAME>=V}): a node qualifies only while each set is
 * ready on it at that version or later, which the layer controller says by the node's {@code imageset.NAME} label.
 * Labels are shared by a node class, so this is checked once per class.
 */
public final class LayerCheck {

    private LayerCheck() {
    }

    public static Optional<Rejection> check(List<Requirement> requires, Node node) {
        for (Requirement r : requires) {
            if (!r.satisfiedBy(node)) {
                return Optional.of(new Rejection("layer", "image set " + r.imageSet() + " (>= " + r.minVersion()
                        + ") not ready"));
            }
        }
        return Optional.empty();
    }
}

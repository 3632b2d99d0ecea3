package io.layerx.api;

import io.layerx.layers.ImageSet;
import io.layerx.layers.ImageSetHistory;
import io.layerx.layers.ImageSetStatus;
import io.layerx.layers.ImageSets;
import io.layerx.layers.NodeLayer;
import java.util.List;

/**
 * An image set on the wire: its target version's spec, the roll ({@code phase}: rolling, paused, failed, done;
 * where and why it stopped) and each selected node's state.
 */
public record ImageSetDto(String name, long target, long previous, List<Long> versions, boolean paused, String phase,
                          String failedNode, String failure, ImageSet spec, List<NodeLayer> nodes) {

    public static ImageSetDto of(ImageSets.Shown s) {
        ImageSetHistory h = s.history();
        ImageSetStatus st = s.status();
        boolean seen = st != null && st.attempt() == h.attempt();
        String phase = !seen ? "pending" : st.phase();
        return new ImageSetDto(h.name(), h.target(), h.previous(), h.versions().stream().map(ImageSet::version).toList(),
                h.paused(), phase, seen ? st.failedNode() : null, seen ? st.failure() : "", h.current(),
                st == null ? List.of() : List.copyOf(st.nodes().values()));
    }
}

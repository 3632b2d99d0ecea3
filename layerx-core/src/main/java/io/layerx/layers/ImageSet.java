package io.layerx.layers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A layer-1 image set: containers and processes that give the nodes it selects their function (system services, a
 * driver stack). {@code version} grows by one on every accepted change of the set.
 *
 * @param selector       node labels a node must carry (all of them) to get the set; empty selects every node
 * @param maxUnavailable how many selected nodes a roll may have without the set ready at once
 */
public record ImageSet(String name, long version, List<Member> members, Map<String, String> selector,
                       int maxUnavailable, Instant submitted) {

    public ImageSet {
        Objects.requireNonNull(name, "name");
        members = members == null ? List.of() : List.copyOf(members);
        selector = selector == null ? Map.of() : Map.copyOf(selector);
        maxUnavailable = maxUnavailable == 0 ? 1 : maxUnavailable;
    }

    public ImageSet withVersion(long v, Instant at) {
        return new ImageSet(name, v, members, selector, maxUnavailable, at);
    }

    /** True when both describe the same set, ignoring version and submit time. */
    public boolean sameSpec(ImageSet o) {
        return members.equals(o.members) && selector.equals(o.selector) && maxUnavailable == o.maxUnavailable;
    }

    /** True when the node's labels carry every label of the selector. */
    public boolean selects(Map<String, String> labels) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    public Member member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst().orElse(null);
    }
}

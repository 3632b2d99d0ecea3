package io.layerx.provider.task.mesos;

import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.service.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The outstanding offers. A node is offered whole (its free room: capacity less what its tasks hold) to one
 * framework at a time, so nothing is offered twice at once; the next framework in DRF order gets it once the offer is
 * accepted, declined or rescinded. An offer is a lease, not a reservation: LayerX's own brains may still place on the
 * node, and when the room under an offer shrinks the offer is rescinded. The plan applier has the last word when a
 * framework accepts: a launch that no longer fits is refused there and reported TASK_DROPPED. Not thread-safe: the
 * master calls it under its lock.
 */
final class OfferBook {

    /** One outstanding offer; {@code role} is the role it is allocated to. */
    record Offer(String id, String framework, String node, Resources room, Instant made, String role) {
    }

    /** A node label that reserves the node to one Mesos role: only frameworks of that role are offered it. */
    static final String ROLE_LABEL = "mesos.role";

    /** Below this a node's room is not offered (Mesos' min_allocatable_resources). */
    static final Resources MIN = new Resources(10, 32, 0);

    private final Map<String, Offer> byId = new LinkedHashMap<>();
    private final Map<String, String> byNode = new HashMap<>();

    Optional<Offer> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<Offer> remove(String id) {
        Offer o = byId.remove(id);
        if (o != null) byNode.remove(o.node());
        return Optional.ofNullable(o);
    }

    Collection<Offer> all() {
        return List.copyOf(byId.values());
    }

    /** What the framework holds in offers. */
    Resources offeredTo(String framework) {
        Resources sum = Resources.ZERO;
        for (Offer o : byId.values()) if (o.framework().equals(framework)) sum = sum.plus(o.room());
        return sum;
    }

    /**
     * The offers to withdraw: their node is gone or not ready, its free room no longer covers the offer (a brain
     * placed there meanwhile), or the offer is older than {@code timeout}.
     */
    List<Offer> stale(Map<String, NodeView> nodes, Instant now, Duration timeout) {
        List<Offer> out = new ArrayList<>();
        for (Offer o : byId.values()) {
            NodeView n = nodes.get(o.node());
            boolean gone = n == null || !n.node().ready();
            if (gone || !free(n).fits(o.room()) || Duration.between(o.made(), now).compareTo(timeout) > 0) out.add(o);
        }
        return out;
    }

    static Resources free(NodeView n) {
        return n.node().capacity().minus(n.allocated());
    }

    /**
     * New offers of every ready node not on offer now, each to the eligible framework with the smallest dominant
     * share (what it runs and is offered over the pool's total), the share counting each offer as it is made. A node
     * reserved to a role goes only to frameworks with that role, allocated to it; an unreserved one is allocated to
     * the framework's first role.
     */
    List<Offer> make(Collection<NodeView> nodes, List<Framework> eligible, Map<String, Resources> held, Instant now) {
        List<Offer> out = new ArrayList<>();
        if (eligible.isEmpty()) return out;
        Resources total = Resources.ZERO;
        for (NodeView n : nodes) if (n.node().ready()) total = total.plus(n.node().capacity());
        Map<String, Resources> share = new HashMap<>(held);
        for (NodeView n : nodes.stream().sorted(Comparator.comparing((NodeView v) -> v.node().name())).toList()) {
            Node node = n.node();
            Resources room = free(n);
            if (!node.ready() || byNode.containsKey(node.name()) || !room.fits(MIN)) continue;
            Resources t = total;
            String reserved = reservedTo(node);
            Optional<Framework> to = eligible.stream()
                    .filter(f -> !refuses(f, node.name(), now))
                    .filter(f -> reserved == null || f.roles().contains(reserved))
                    .min(Comparator.comparingDouble((Framework f) -> Framework.dominantShare(
                            share.getOrDefault(f.id, Resources.ZERO), t)).thenComparing(f -> f.id));
            if (to.isEmpty()) continue;
            Offer o = new Offer(UUID.randomUUID().toString(), to.get().id, node.name(), room, now,
                    reserved == null ? to.get().role() : reserved);
            byId.put(o.id(), o);
            byNode.put(o.node(), o.id());
            share.merge(o.framework(), room, Resources::plus);
            out.add(o);
        }
        return out;
    }

    /** The role the node is reserved to ({@value #ROLE_LABEL}), or {@code null} when it is unreserved. */
    static String reservedTo(Node node) {
        String r = node.labels().get(ROLE_LABEL);
        return r == null || r.isBlank() || r.equals("*") ? null : r;
    }

    private static boolean refuses(Framework f, String node, Instant now) {
        Instant until = f.refused.get(node);
        return until != null && until.isAfter(now);
    }
}

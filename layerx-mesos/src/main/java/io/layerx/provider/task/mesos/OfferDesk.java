package io.layerx.provider.task.mesos;

import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.service.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;

/**
 * The offer side of the master: offer rounds (stale offers rescinded, free nodes offered in DRF order, a node
 * labelled {@value OfferBook#ROLE_LABEL} only to frameworks of that role), ACCEPT and DECLINE taking offers off the
 * book, and SUPPRESS/REVIVE. Works on {@link MasterState} under its lock.
 */
final class OfferDesk {
    private final MasterState s;

    OfferDesk(MasterState state) {
        this.s = state;
    }

    /** One offer round: withdraws stale offers and offers the free nodes in DRF order. */
    void offerRound(List<NodeView> nodes) {
        s.locked(() -> {
            Instant now = s.clock.instant();
            Map<String, NodeView> byName = nodes.stream().collect(Collectors.toMap(n -> n.node().name(), Function.identity()));
            for (OfferBook.Offer o : s.offers.stale(byName, now, s.settings.offerTimeout())) rescind(o);
            List<Framework> eligible = s.frameworks.values().stream().filter(f -> f.connected() && !f.suppressed && !f.roles().isEmpty()).toList();
            Map<String, Resources> held = new HashMap<>();
            for (Framework f : s.frameworks.values()) held.put(f.id, heldBy(f).plus(s.offers.offeredTo(f.id)));
            Map<String, List<Offer>> batches = new LinkedHashMap<>();
            for (OfferBook.Offer o : s.offers.make(byName.values(), eligible, held, now)) {
                Framework f = s.frameworks.get(o.framework());
                f.offers.add(o.id());
                batches.computeIfAbsent(f.id, k -> new ArrayList<>()).add(proto(o, byName.get(o.node())));
            }
            batches.forEach((fw, list) -> s.frameworks.get(fw).subscriber.send(Events.offers(list)));
        });
    }

    private Resources heldBy(Framework f) {
        Resources sum = Resources.ZERO;
        for (String job : f.tasks.values()) {
            Task t = s.lastTask.get(job);
            if (t != null && !t.state().terminal()) sum = sum.plus(t.resources());
        }
        return sum;
    }

    private void rescind(OfferBook.Offer o) {
        s.offers.remove(o.id());
        Framework f = s.frameworks.get(o.framework());
        if (f == null) return;
        f.offers.remove(o.id());
        if (f.connected()) f.subscriber.send(Events.rescind(o.id()));
    }

    /** Withdraws the framework's offers (its stream ended, or it is torn down); nothing is sent. */
    void dropOffersOf(Framework f) {
        for (String o : List.copyOf(f.offers)) s.offers.remove(o);
        f.offers.clear();
    }

    private static Offer proto(OfferBook.Offer o, NodeView n) {
        Offer.Builder b = Offer.newBuilder().setId(OfferID.newBuilder().setValue(o.id()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(o.framework()))
                .setAgentId(AgentID.newBuilder().setValue(o.node())).setHostname(n.node().name())
                .addAllResources(TaskMapping.resources(o.room(), o.role(), OfferBook.reservedTo(n.node())))
                .setAllocationInfo(org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(o.role()));
        b.addAttributes(Events.text("cluster", n.node().cluster()));
        b.addAttributes(Events.text("provider", n.node().provider()));
        return b.build();
    }

    /**
     * Takes {@code ids} off the book for an ACCEPT or DECLINE: the node they are for, or empty when any of them is
     * not an outstanding offer of {@code framework} (unknown, rescinded, already used, another's), or they are for
     * different nodes. {@code refuse}: how long the framework is not offered that node again.
     */
    Optional<OfferBook.Offer> take(String framework, List<String> ids, Duration refuse) {
        return s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            List<OfferBook.Offer> found = new ArrayList<>();
            for (String id : ids) s.offers.get(id).filter(o -> o.framework().equals(framework)).ifPresent(found::add);
            boolean valid = f != null && !ids.isEmpty() && found.size() == ids.size()
                    && found.stream().map(OfferBook.Offer::node).distinct().count() == 1;
            for (OfferBook.Offer o : found) {
                s.offers.remove(o.id());
                if (f != null) f.offers.remove(o.id());
            }
            if (!valid) return Optional.<OfferBook.Offer>empty();
            Resources room = found.stream().map(OfferBook.Offer::room).reduce(Resources.ZERO, Resources::plus);
            OfferBook.Offer first = found.getFirst();
            if (!refuse.isZero()) {
                f.refused.put(first.node(), s.clock.instant().plus(refuse));
                s.changed(f);
            }
            return Optional.of(new OfferBook.Offer(first.id(), framework, first.node(), room, first.made(), first.role()));
        });
    }

    /** SUPPRESS (true) or REVIVE (false, which also clears the framework's DECLINE filters). */
    void suppress(String framework, boolean suppressed) {
        s.locked(() -> {
            Framework f = s.frameworks.get(framework);
            if (f == null) return;
            f.suppressed = suppressed;
            if (!suppressed) f.refused.clear();
            s.changed(f);
        });
    }
}

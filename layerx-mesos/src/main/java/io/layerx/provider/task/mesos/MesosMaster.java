package io.layerx.provider.task.mesos;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * A Mesos master, for LayerX: the frameworks' lives (subscribe, fail over, disconnect, time out, tear down), with
 * its offers in {@link OfferDesk} and its tasks' status updates in {@link StatusUpdates}, all on one
 * {@link MasterState} under one lock. Nothing under the lock waits on the store: the LayerX side of a call (submit a
 * job, place it, stop it) runs in {@link Launcher} after the lock is let go, and {@link #save} writes what changed
 * to the {@link FrameworkStore} after it too.
 */
public final class MesosMaster {

    /**
     * How the master paces itself: the heartbeat interval of event streams, how long an offer stands, and the first
     * and longest wait before an unacknowledged status update is sent again (doubling in between).
     */
    public record Settings(Duration heartbeat, Duration offerTimeout, Duration firstRetry, Duration maxRetry) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofMinutes(10));
    }

    private final MasterState s;
    private final FrameworkStore store;
    private final OfferDesk offers;
    private final StatusUpdates updates;
    final Settings settings;
    private volatile boolean retired;

    MesosMaster(InstantSource clock, Settings settings, FrameworkStore store) {
        this.s = new MasterState(clock, settings);
        this.store = store;
        this.settings = settings;
        this.offers = new OfferDesk(s);
        this.updates = new StatusUpdates(s);
    }

    /** Whom to tell each change of a framework's life (subscribed, failed_over, disconnected, torn_down). */
    void onLifeChange(Consumer<String> listener) {
        s.locked(() -> s.lifeChanges = listener);
    }

    OfferDesk offers() {
        return offers;
    }

    StatusUpdates updates() {
        return updates;
    }

    /** Writes what changed since the last save (nothing once retired); a failure leaves it to the next save. */
    void save() {
        if (!retired) store.save(s);
    }

    /**
     * Takes over the frameworks the store holds (a restarted master, or a new leader): each is disconnected until it
     * subscribes again with its id, its failover timeout running from its stored disconnect time. {@code jobs}: the
     * Mesos jobs in the store (job name to framework and task id), which bind tasks a crash left unsaved.
     */
    void load(Map<String, MasterState.Owner> jobs) {
        List<Framework> loaded = store.load(s.clock.instant());
        s.locked(() -> {
            for (Framework f : loaded) {
                s.frameworks.put(f.id, f);
                s.changed(f);
            }
            jobs.forEach((job, o) -> {
                Framework f = s.frameworks.get(o.framework());
                if (f != null) f.tasks.putIfAbsent(o.taskId(), job);
            });
            for (Framework f : s.frameworks.values()) {
                f.tasks.forEach((task, job) -> s.owners.put(job, new MasterState.Owner(f.id, task)));
            }
        });
    }

    /** The jobs of the frameworks' tasks. */
    List<String> jobs() {
        return s.locked(() -> s.frameworks.values().stream().flatMap(f -> f.tasks.values().stream()).toList());
    }

    /** Subscribes a framework on {@code subscriber}'s stream: a new one gets an id, a known one fails over to it. */
    String subscribe(FrameworkInfo info, Subscriber subscriber) {
        return s.locked(() -> {
            String id = info.hasId() ? info.getId().getValue() : UUID.randomUUID() + "-0000";
            FrameworkInfo withId = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
            Framework f = s.frameworks.get(id);
            if (f == null) {
                f = new Framework(id, withId);
                s.frameworks.put(id, f);
                f.change = "subscribed";
            } else {
                if (f.subscriber != null && f.subscriber != subscriber) {
                    f.subscriber.send(Events.error("Framework failed over"));
                    f.subscriber.close();
                }
                f.info = withId;
                f.change = "failed_over";
            }
            f.subscriber = subscriber;
            f.disconnected = null;
            s.changed(f);
            s.lifeChanges.accept(f.change);
            subscriber.send(Events.subscribed(id, settings.heartbeat()));
            updates.resend(f);
            return id;
        });
    }

    /** The stream of {@code subscriber} ended; its framework has its failover timeout to come back. */
    void disconnected(Subscriber subscriber) {
        s.locked(() -> {
            for (Framework f : s.frameworks.values()) {
                if (f.subscriber != subscriber) continue;
                f.subscriber = null;
                f.disconnected = s.clock.instant();
                f.change = "disconnected";
                s.changed(f);
                s.lifeChanges.accept(f.change);
                offers.dropOffersOf(f);
            }
        });
    }

    /**
     * This master stops leading: it saves no more (the next leader owns the store's state) and ends every stream, so
     * the frameworks subscribe again, to the next leader.
     */
    void retire() {
        retired = true;
        s.locked(() -> {
            for (Framework f : s.frameworks.values()) if (f.subscriber != null) f.subscriber.close();
        });
    }

    /** Removes the framework; returns the jobs of its tasks, which the caller deletes (killing what runs). */
    List<String> teardown(String framework) {
        return s.locked(() -> {
            Framework f = s.frameworks.remove(framework);
            if (f == null) return List.<String>of();
            offers.dropOffersOf(f);
            if (f.subscriber != null) f.subscriber.close();
            s.dirty.remove(framework);
            s.removed.add(framework);
            s.lifeChanges.accept("torn_down");
            List<String> jobs = List.copyOf(f.tasks.values());
            jobs.forEach(s.owners::remove);
            return jobs;
        });
    }

    /** The stream id a call of {@code framework} must carry; empty when it is not subscribed. */
    Optional<String> streamOf(String framework) {
        return s.locked(() -> Optional.ofNullable(s.frameworks.get(framework)).filter(Framework::connected)
                .map(f -> f.subscriber.streamId));
    }

    /** Update retries, and the frameworks whose failover timeout ran out (to tear down). */
    List<String> tick() {
        return s.locked(() -> {
            Instant now = s.clock.instant();
            List<String> expired = new ArrayList<>();
            for (Framework f : s.frameworks.values()) {
                if (f.disconnected != null && !now.isBefore(f.disconnected.plus(f.failoverTimeout()))) {
                    expired.add(f.id);
                } else if (f.connected()) {
                    updates.retry(f, now);
                }
            }
            return expired;
        });
    }

    /** What the metrics show: frameworks connected and not, outstanding offers, live tasks, unacknowledged updates. */
    record Counts(int connected, int disconnected, int offers, int liveTasks, int unacknowledged) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0);
    }

    Counts counts() {
        return s.locked(() -> {
            int connected = 0, live = 0, unacked = 0;
            for (Framework f : s.frameworks.values()) {
                if (f.connected()) connected++;
                live += (int) f.told.values().stream().filter(st -> !TaskMapping.terminal(st.getState())).count();
                for (Deque<Framework.Pending> q : f.unacked.values()) unacked += q.size();
            }
            return new Counts(connected, s.frameworks.size() - connected, s.offers.all().size(), live, unacked);
        });
    }

    List<FrameworkView> frameworks() {
        return s.locked(() -> s.frameworks.values().stream().map(MesosMaster::view).toList());
    }

    Optional<FrameworkView> framework(String id) {
        return s.locked(() -> Optional.ofNullable(s.frameworks.get(id)).map(MesosMaster::view));
    }

    private static FrameworkView view(Framework f) {
        Map<String, String> tasks = new LinkedHashMap<>();
        f.tasks.keySet().forEach(t -> tasks.put(t, Optional.ofNullable(f.told.get(t)).map(st -> st.getState().name()).orElse("TASK_STAGING")));
        return new FrameworkView(f.id, f.info.getName(), f.info.getUser(), f.roles(), f.connected(), f.suppressed,
                f.info.getFailoverTimeout(), f.offers.size(), tasks, f.tasks);
    }
}

package io.layerx.provider.task.mesos;

import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.service.Event;
import io.layerx.service.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What a Mesos master knows, for LayerX: the frameworks, their offers, their tasks and the status updates they have
 * not acknowledged. One lock guards it all, and nothing under the lock waits on the store: the LayerX side of a call
 * (submit a job, place it, stop it) runs in {@link Launcher} after the lock is let go.
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

    /** A task's framework and Mesos id. */
    record Owner(String framework, String taskId) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<String, Task> lastTask = new HashMap<>();
    private final OfferBook offers = new OfferBook();
    private final InstantSource clock;
    final Settings settings;

    MesosMaster(InstantSource clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    private <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    // ---- subscribe / disconnect / teardown

    /**
     * Subscribes a framework on {@code subscriber}'s stream: a new one gets an id, a known one (or one whose tasks a
     * restarted master finds in the store, {@code adopted}: job name to Mesos task id) fails over to the new stream.
     */
    String subscribe(FrameworkInfo info, Subscriber subscriber, Map<String, String> adopted) {
        return locked(() -> {
            String id = info.hasId() ? info.getId().getValue() : UUID.randomUUID() + "-0000";
            Framework f = frameworks.get(id);
            if (f == null) {
                f = new Framework(id, info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build());
                frameworks.put(id, f);
                for (var e : adopted.entrySet()) {
                    f.tasks.put(e.getValue(), e.getKey());
                    owners.put(e.getKey(), new Owner(id, e.getValue()));
                }
            } else {
                if (f.subscriber != null && f.subscriber != subscriber) {
                    f.subscriber.send(Events.error("Framework failed over"));
                    f.subscriber.close();
                }
                f.info = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
            }
            f.subscriber = subscriber;
            f.disconnected = null;
            subscriber.send(Events.subscribed(id, settings.heartbeat()));
            Instant now = clock.instant();
            for (Deque<Framework.Pending> q : f.unacked.values()) if (!q.isEmpty()) sendHead(f, q, now);
            for (String job : f.tasks.values()) {
                Task t = lastTask.get(job);
                if (t != null) observe(f, job, t, now);
            }
            return id;
        });
    }

    /** The stream of {@code subscriber} ended; its framework has its failover timeout to come back. */
    void disconnected(Subscriber subscriber) {
        locked(() -> {
            for (Framework f : frameworks.values()) {
                if (f.subscriber != subscriber) continue;
                f.subscriber = null;
                f.disconnected = clock.instant();
                for (String o : List.copyOf(f.offers)) offers.remove(o);
                f.offers.clear();
            }
        });
    }

    /** Removes the framework; returns the jobs of its tasks, which the caller deletes (killing what runs). */
    List<String> teardown(String framework) {
        return locked(() -> {
            Framework f = frameworks.remove(framework);
            if (f == null) return List.<String>of();
            for (String o : f.offers) offers.remove(o);
            if (f.subscriber != null) f.subscriber.close();
            List<String> jobs = List.copyOf(f.tasks.values());
            jobs.forEach(owners::remove);
            return jobs;
        });
    }

    /** The stream id a call of {@code framework} must carry; empty when it is not subscribed. */
    Optional<String> streamOf(String framework) {
        return locked(() -> Optional.ofNullable(frameworks.get(framework)).filter(Framework::connected)
                .map(f -> f.subscriber.streamId));
    }

    // ---- offers

    /** One offer round: withdraws stale offers and offers the free nodes in DRF order. */
    void offerRound(List<NodeView> nodes) {
        locked(() -> {
            Instant now = clock.instant();
            Map<String, NodeView> byName = nodes.stream().collect(Collectors.toMap(n -> n.node().name(), Function.identity()));
            for (OfferBook.Offer o : offers.stale(byName, now, settings.offerTimeout())) rescind(o);
            List<Framework> eligible = frameworks.values().stream().filter(f -> f.connected() && !f.suppressed).toList();
            Map<String, Resources> held = new HashMap<>();
            for (Framework f : frameworks.values()) held.put(f.id, heldBy(f).plus(offers.offeredTo(f.id)));
            Map<String, List<Offer>> batches = new LinkedHashMap<>();
            for (OfferBook.Offer o : offers.make(byName.values(), eligible, held, now)) {
                Framework f = frameworks.get(o.framework());
                f.offers.add(o.id());
                batches.computeIfAbsent(f.id, k -> new ArrayList<>()).add(proto(o, byName.get(o.node()), f.role()));
            }
            batches.forEach((fw, list) -> frameworks.get(fw).subscriber.send(Events.offers(list)));
        });
    }

    private Resources heldBy(Framework f) {
        Resources sum = Resources.ZERO;
        for (String job : f.tasks.values()) {
            Task t = lastTask.get(job);
            if (t != null && !t.state().terminal()) sum = sum.plus(t.resources());
        }
        return sum;
    }

    private void rescind(OfferBook.Offer o) {
        offers.remove(o.id());
        Framework f = frameworks.get(o.framework());
        if (f == null) return;
        f.offers.remove(o.id());
        if (f.connected()) f.subscriber.send(Events.rescind(o.id()));
    }

    private static Offer proto(OfferBook.Offer o, NodeView n, String role) {
        Offer.Builder b = Offer.newBuilder().setId(OfferID.newBuilder().setValue(o.id()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(o.framework()))
                .setAgentId(AgentID.newBuilder().setValue(o.node())).setHostname(n.node().name())
                .addAllResources(TaskMapping.resources(o.room(), role))
                .setAllocationInfo(org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(role));
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
        return locked(() -> {
            Framework f = frameworks.get(framework);
            List<OfferBook.Offer> found = new ArrayList<>();
            for (String id : ids) offers.get(id).filter(o -> o.framework().equals(framework)).ifPresent(found::add);
            boolean valid = f != null && !ids.isEmpty() && found.size() == ids.size()
                    && found.stream().map(OfferBook.Offer::node).distinct().count() == 1;
            for (OfferBook.Offer o : found) {
                offers.remove(o.id());
                if (f != null) f.offers.remove(o.id());
            }
            if (!valid) return Optional.<OfferBook.Offer>empty();
            Resources room = found.stream().map(OfferBook.Offer::room).reduce(Resources.ZERO, Resources::plus);
            OfferBook.Offer first = found.getFirst();
            if (!refuse.isZero()) f.refused.put(first.node(), clock.instant().plus(refuse));
            return Optional.of(new OfferBook.Offer(first.id(), framework, first.node(), room, first.made()));
        });
    }

    void suppress(String framework, boolean suppressed) {
        locked(() -> {
            Framework f = frameworks.get(framework);
            if (f == null) return;
            f.suppressed = suppressed;
            if (!suppressed) f.refused.clear();
        });
    }

    // ---- tasks and status updates

    /** Records that {@code job} runs the framework's task, before the job is submitted. */
    void launching(String framework, String taskId, String job) {
        locked(() -> {
            Framework f = frameworks.get(framework);
            if (f == null) return;
            f.tasks.put(taskId, job);
            owners.put(job, new Owner(framework, taskId));
        });
    }

    /**
     * What a task that never ran is reported as: TASK_DROPPED to a PARTITION_AWARE framework, else TASK_LOST (as
     * Mesos does); {@code unknown} for a task the master does not know (TASK_UNKNOWN, else TASK_LOST).
     */
    TaskState neverRan(String framework, boolean unknown) {
        boolean aware = locked(() -> Optional.ofNullable(frameworks.get(framework)).map(Framework::partitionAware).orElse(false));
        return !aware ? TaskState.TASK_LOST : unknown ? TaskState.TASK_UNKNOWN : TaskState.TASK_DROPPED;
    }

    /** The job that runs the framework's task. */
    Optional<String> jobOf(String framework, String taskId) {
        return locked(() -> Optional.ofNullable(frameworks.get(framework)).map(f -> f.tasks.get(taskId)));
    }

    /**
     * Tells the framework an update of its task that the master made itself (dropped, error, lost): sent once, without
     * a uuid, as a Mesos master does (only updates from where a task ran are delivered reliably and acknowledged).
     */
    void masterUpdate(String framework, String taskId, String node, TaskState state, TaskStatus.Reason reason, String message) {
        locked(() -> {
            Framework f = frameworks.get(framework);
            if (f == null) return;
            TaskStatus s = TaskMapping.fromMaster(taskId, node, state, reason, message, clock.instant());
            f.told.put(taskId, s);
            if (f.connected()) f.subscriber.send(Events.update(s));
        });
    }

    /** A change of the control plane: task changes of Mesos jobs become status updates. */
    void onEvent(Event e) {
        if (!e.kind().equals("task") || !(e.object() instanceof Task t)) return;
        locked(() -> {
            Owner o = owners.get(t.job());
            if (o == null) return;
            Task before = lastTask.get(t.job());
            if (before != null && !before.id().equals(t.id()) && before.created().isAfter(t.created())) return;
            lastTask.put(t.job(), t);
            Framework f = frameworks.get(o.framework());
            if (f != null) observe(f, t.job(), t, clock.instant());
        });
    }

    private void observe(Framework f, String job, Task t, Instant now) {
        Owner o = owners.get(job);
        if (o == null || t.state() == io.layerx.model.TaskState.PENDING) return;
        TaskState s = TaskMapping.state(t);
        TaskStatus last = f.told.get(o.taskId());
        if (last != null && (last.getState() == s || TaskMapping.terminal(last.getState()))) return;
        TaskStatus.Source source = t.node() == null ? TaskStatus.Source.SOURCE_MASTER : TaskStatus.Source.SOURCE_EXECUTOR;
        enqueue(f, o.taskId(), TaskMapping.update(o.taskId(), t.node(), s, t.reason(), source, now), now);
    }

    private void enqueue(Framework f, String taskId, TaskStatus status, Instant now) {
        f.told.put(taskId, status);
        Deque<Framework.Pending> q = f.queueOf(taskId);
        q.addLast(new Framework.Pending(status));
        if (q.size() == 1) sendHead(f, q, now);
    }

    private void sendHead(Framework f, Deque<Framework.Pending> q, Instant now) {
        Framework.Pending p = q.peekFirst();
        p.sent = now;
        p.backoff = p.backoff == null ? settings.firstRetry() : min(p.backoff.multipliedBy(2), settings.maxRetry());
        if (f.connected()) f.subscriber.send(Events.update(p.status));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * An ACKNOWLEDGE: the head update of the task is done when the uuid matches, and the next one is sent. Returns the
     * job to forget when a terminal update was acknowledged (the task is over for the framework too).
     */
    Optional<String> acknowledge(String framework, String taskId, com.google.protobuf.ByteString uuid) {
        return locked(() -> {
            Framework f = frameworks.get(framework);
            if (f == null) return Optional.<String>empty();
            Deque<Framework.Pending> q = f.unacked.get(taskId);
            if (q == null || q.isEmpty() || !q.peekFirst().status.getUuid().equals(uuid)) return Optional.<String>empty();
            TaskStatus done = q.removeFirst().status;
            if (!q.isEmpty()) sendHead(f, q, clock.instant());
            else f.unacked.remove(taskId);
            if (!TaskMapping.terminal(done.getState())) return Optional.<String>empty();
            String job = f.tasks.get(taskId);
            return Optional.ofNullable(job);
        });
    }

    /** RECONCILE: the latest state of each named task (none named: every task not yet ended), no uuid. */
    void reconcile(String framework, List<String> taskIds) {
        locked(() -> {
            Framework f = frameworks.get(framework);
            if (f == null || !f.connected()) return;
            Instant now = clock.instant();
            List<String> ids = taskIds.isEmpty() ? f.told.entrySet().stream()
                    .filter(e -> !TaskMapping.terminal(e.getValue().getState())).map(Map.Entry::getKey).toList() : taskIds;
            for (String id : ids) {
                TaskStatus last = f.told.get(id);
                TaskStatus s = last != null
                        ? TaskMapping.reconciled(id, last.hasAgentId() ? last.getAgentId().getValue() : null, last.getState(), last.getMessage(), now)
                        : TaskMapping.reconciled(id, null, f.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST,
                        "Reconciliation: task is unknown", now);
                f.subscriber.send(Events.update(s));
            }
        });
    }

    // ---- time

    /** Heartbeats, update retries, and the frameworks whose failover timeout ran out (to tear down). */
    List<String> tick() {
        return locked(() -> {
            Instant now = clock.instant();
            List<String> expired = new ArrayList<>();
            for (Framework f : frameworks.values()) {
                if (f.disconnected != null && !now.isBefore(f.disconnected.plus(f.failoverTimeout()))) {
                    expired.add(f.id);
                    continue;
                }
                if (!f.connected()) continue;
                for (Deque<Framework.Pending> q : f.unacked.values()) {
                    Framework.Pending p = q.peekFirst();
                    if (p != null && !now.isBefore(p.sent.plus(p.backoff))) sendHead(f, q, now);
                }
            }
            return expired;
        });
    }

    // ---- views

    /** What the metrics show: frameworks connected and not, outstanding offers, live tasks, unacknowledged updates. */
    record Counts(int connected, int disconnected, int offers, int liveTasks, int unacknowledged) {
    }

    Counts counts() {
        return locked(() -> {
            int connected = 0, live = 0, unacked = 0;
            for (Framework f : frameworks.values()) {
                if (f.connected()) connected++;
                live += (int) f.told.values().stream().filter(s -> !TaskMapping.terminal(s.getState())).count();
                for (Deque<Framework.Pending> q : f.unacked.values()) unacked += q.size();
            }
            return new Counts(connected, frameworks.size() - connected, offers.all().size(), live, unacked);
        });
    }

    List<FrameworkView> frameworks() {
        return locked(() -> frameworks.values().stream().map(this::view).toList());
    }

    Optional<FrameworkView> framework(String id) {
        return locked(() -> Optional.ofNullable(frameworks.get(id)).map(this::view));
    }

    private FrameworkView view(Framework f) {
        Map<String, String> tasks = new LinkedHashMap<>();
        f.tasks.keySet().forEach(t -> tasks.put(t, Optional.ofNullable(f.told.get(t)).map(s -> s.getState().name()).orElse("TASK_STAGING")));
        List<String> roles = f.info.getRolesCount() > 0 ? List.copyOf(f.info.getRolesList()) : List.of(f.role());
        return new FrameworkView(f.id, f.info.getName(), f.info.getUser(), roles, f.connected(), f.suppressed,
                f.info.getFailoverTimeout(), f.offers.size(), tasks, f.tasks);
    }
}

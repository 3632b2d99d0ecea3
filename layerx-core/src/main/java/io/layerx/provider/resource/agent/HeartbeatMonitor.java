package io.layerx.provider.resource.agent;

import io.layerx.clock.Timer;
import io.layerx.model.Cluster;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks an agent node lost once it has missed heartbeats for its cluster's grace. Last-seen times live in memory,
 * and graces count from when the server serves the agent routes ({@link #serving}, or the first heartbeat that
 * arrives, or at the latest {@link #SERVE_WAIT} after the start), not from when it started: after a server restart
 * every agent node gets a full grace to show up again, however long the start took, so a server restart loses no
 * node.
 */
final class HeartbeatMonitor {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatMonitor.class);
    static final Duration CHECK = Duration.ofMillis(200);
    /** Graces start at the latest this long after the monitor started, even if nothing said the routes are served. */
    static final Duration SERVE_WAIT = Duration.ofSeconds(60);

    private final Store store;
    private final StateCache view;
    private final Timer timer;
    private final InstantSource clock;
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** When agents could first reach this server; {@code null} until then (no node is marked lost before). */
    private volatile Instant graceFrom;
    private volatile Instant started;

    HeartbeatMonitor(Store store, StateCache view, Timer timer, InstantSource clock) {
        this.store = store;
        this.view = view;
        this.timer = timer;
        this.clock = clock;
    }

    void start() {
        started = clock.instant();
        timer.schedule(CHECK, this::tick);
    }

    void serving() {
        graceFrom = clock.instant();
    }

    void seen(String node) {
        Instant now = clock.instant();
        lastSeen.put(node, now);
        if (graceFrom == null) graceFrom = now; // a heartbeat came in: agents can reach this server
    }

    /** When this server last heard from the node's agent; empty if not since it started. */
    java.util.Optional<Instant> lastSeen(String node) {
        return java.util.Optional.ofNullable(lastSeen.get(node));
    }

    private void tick() {
        if (closed) return;
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("heartbeat check failed; trying again", e);
        } finally {
            if (!closed) timer.schedule(CHECK, this::tick);
        }
    }

    private void check() {
        Instant now = clock.instant();
        if (graceFrom == null && started != null && now.isAfter(started.plus(SERVE_WAIT))) graceFrom = now;
        Instant from = graceFrom;
        if (from == null) return;
        List<Versioned<Node>> late = view.read(v -> {
            List<Versioned<Node>> out = new ArrayList<>();
            for (Versioned<Node> vn : v.nodes()) {
                Node n = vn.value();
                if (!AgentProvider.KIND.equals(n.provider()) || n.state() == NodeState.LOST) continue;
                Instant seen = lastSeen.getOrDefault(n.name(), from);
                if (seen.isBefore(from)) seen = from;
                Duration grace = v.cluster(n.cluster()).map(c -> grace(c.value())).orElse(AgentSettings.DEFAULT_GRACE);
                if (seen.plus(grace).isBefore(now)) out.add(vn);
            }
            return out;
        });
        for (Versioned<Node> vn : late) markLost(vn, now);
    }

    private void markLost(Versioned<Node> vn, Instant now) {
        Node n = vn.value();
        String key = Keys.node(n.name());
        var r = store.commit(Txn.builder().expect(key, vn.modRevision())
                .put(key, Codec.encode(n.withState(NodeState.LOST))).build());
        if (r.succeeded()) {
            log.info("agent node {} missed its heartbeats since {}; it is lost", n.name(),
                    lastSeen.getOrDefault(n.name(), graceFrom));
            view.awaitRevision(r.revision(), Duration.ofSeconds(30));
        }
    }

    static Duration grace(Cluster c) {
        return AgentSettings.read(c, new ArrayList<>()).grace();
    }

    void close() {
        closed = true;
    }
}

package io.layerx.provider.resource.agent;

import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Joined;
import io.layerx.snapshot.StateCache;
import io.layerx.snapshot.Versioned;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes what a join and a return change: the agent cluster (made on the first join), the node record (ready, with
 * the capacity and labels the agent reports) and the agent record, in one transaction.
 */
final class Joins {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Store store;
    private final StateCache view;
    private final InstantSource clock;
    private final Function<String, Optional<Instant>> lastHeartbeat;
    private final SecureRandom random = new SecureRandom();

    Joins(Store store, StateCache view, InstantSource clock, Function<String, Optional<Instant>> lastHeartbeat) {
        this.store = store;
        this.view = view;
        this.clock = clock;
        this.lastHeartbeat = lastHeartbeat;
    }

    /** Joins with the node credential whose SHA-256 (hex) is {@code credential}. */
    JoinOutcome join(Join join, String credential) {
        check(join);
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<JoinOutcome> done = tryJoin(join, credential);
            if (done.isPresent()) return done.get();
        }
        throw new LayerXException.Conflict("node " + join.name() + " changed while it joined; join again");
    }

    private static void check(Join j) {
        List<String> problems = new ArrayList<>();
        if (!AgentProvider.validName(j.name())) {
            problems.add("node name '" + j.name() + "' must be 1-63 lower-case letters, digits or '-'");
        }
        if (!AgentProvider.validName(j.cluster())) {
            problems.add("cluster name '" + j.cluster() + "' must be 1-63 lower-case letters, digits or '-'");
        }
        if (j.capacity().cpu() <= 0 || j.capacity().memory() <= 0 || j.capacity().disk() < 0) {
            problems.add("capacity must have cpu and memory > 0, got " + j.capacity());
        }
        if (!problems.isEmpty()) throw new LayerXException.Invalid("join has " + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s"), problems);
    }

    private Optional<JoinOutcome> tryJoin(Join j, String credential) {
        Instant now = clock.instant();
        var current = view.read(v -> new Current(v.cluster(j.cluster()).orElse(null), v.node(j.name()).orElse(null)));
        Txn.Builder txn = Txn.builder();
        Cluster cluster = clusterFor(j, current.cluster(), txn, now);
        Node before = current.node() == null ? null : current.node().value();
        if (before != null && (!before.cluster().equals(j.cluster()) || !AgentProvider.KIND.equals(before.provider()))) {
            throw new LayerXException.Conflict("node name '" + j.name() + "' is taken by a " + before.provider()
                    + " node of cluster " + before.cluster());
        }
        AgentRecord holder = store.get(AgentRecord.key(j.name()))
                .map(kv -> Codec.decode(kv.value(), AgentRecord.class)).orElse(null);
        if (before != null && holder != null && heldByAnother(before, holder, j)) {
            throw new LayerXException.Conflict(heldMessage(j.name(), holder));
        }
        Node node = new Node(j.name(), j.cluster(), AgentProvider.KIND, j.capacity(), j.labels(), NodeState.READY,
                j.address(), 0, 0, before == null ? now : before.joined(), j.gpus());
        String key = Keys.node(j.name());
        if (current.node() == null) txn.expectAbsent(key); else txn.expect(key, current.node().modRevision());
        String logKey = newKey();
        boolean sameHolder = holder != null && holder.agent().equals(j.agent()) && !j.agent().isEmpty();
        Instant joined = sameHolder ? holder.joined() : now;
        txn.put(key, Codec.encode(node)).put(AgentRecord.key(j.name()),
                Codec.encode(new AgentRecord(j.name(), j.address(), logKey, joined, j.agent(), credential)));
        TxnResult r = store.commit(txn.build());
        if (!r.succeeded()) return Optional.empty();
        view.awaitRevision(r.revision(), CATCH_UP);
        Duration grace = HeartbeatMonitor.grace(cluster);
        String replaced = holder == null || holder.credential().isEmpty() || holder.credential().equals(credential)
                ? "" : holder.credential();
        return Optional.of(new JoinOutcome(new Joined(j.name(), j.cluster(), null, logKey,
                AgentProvider.heartbeatOf(grace), grace), replaced, sameHolder || holder == null));
    }

    /**
     * A live node (not lost) whose holder has an identity is held by that agent: another identity may not join it.
     * A lost node may be taken over; so may one held by an agent from before identities.
     */
    private static boolean heldByAnother(Node before, AgentRecord holder, Join j) {
        return before.state() != NodeState.LOST && !holder.agent().isEmpty() && !holder.agent().equals(j.agent());
    }

    private String heldMessage(String node, AgentRecord holder) {
        String beat = lastHeartbeat.apply(node).map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse("none since this server started");
        return "node " + node + " is held by another agent (joined at "
                + (holder.joined() == null ? "?" : holder.joined().truncatedTo(ChronoUnit.SECONDS))
                + ", last heartbeat " + beat + "); give --name";
    }

    private record Current(Versioned<Cluster> cluster, Versioned<Node> node) {
    }

    private static Cluster clusterFor(Join j, Versioned<Cluster> existing, Txn.Builder txn, Instant now) {
        if (existing == null) {
            Cluster c = new Cluster(j.cluster(), AgentProvider.KIND, Map.of(), Map.of(), now);
            txn.expectAbsent(Keys.cluster(c.name())).put(Keys.cluster(c.name()), Codec.encode(c));
            return c;
        }
        if (!AgentProvider.KIND.equals(existing.value().kind())) {
            throw new LayerXException.Conflict("cluster " + j.cluster() + " is a " + existing.value().kind()
                    + " cluster, not an agent cluster");
        }
        return existing.value();
    }

    /** The node's agent is back: the node is ready again. */
    void markReady(String name) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Versioned<Node> vn = view.read(v -> v.node(name)).orElse(null);
            if (vn == null || vn.value().state() != NodeState.LOST) return;
            String key = Keys.node(name);
            TxnResult r = store.commit(Txn.builder().expect(key, vn.modRevision())
                    .put(key, Codec.encode(vn.value().withState(NodeState.READY))).build());
            view.awaitRevision(r.revision(), CATCH_UP);
            if (r.succeeded()) return;
        }
    }

    private String newKey() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.cli.it.ServerGroup.Server;
import io.layerx.store.etcd.EtcdCluster;
import io.layerx.store.etcd.EtcdOptions;
import io.layerx.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A randomized fault schedule under load: three etcd members and three servers; 21 faults (SIGKILL of the leading
 * server or of another, SIGSTOP of the leader until another leads, SIGKILL of an etcd member or of the etcd leader,
 * SIGSTOP of an etcd member), each held until the load makes progress again (no timed sleeps), then healed. A
 * checker then replays the whole history from etcd: every acknowledged job present, no task placed twice, no node
 * ever over-committed. Reproduce a run with {@code -Dlayerx.seed=SEED} (every run logs its seed).
 */
class FaultScheduleIT {

    private static final Logger LOG = LoggerFactory.getLogger(FaultScheduleIT.class);
    private static final int FAULTS = 21;
    private static final int STEP = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Three nodes of one core and one-replica jobs of 50 millicores: the pool fills up and jobs wait. */
    private static final String CLUSTER = "{\"name\":\"sim-a\",\"kind\":\"sim\",\"nodes\":3,\"cpu\":1000,"
            + "\"memory\":100000,\"startDelayMs\":20}";

    @TempDir
    Path dir;

    @Test
    void underRandomFaultsNoAcknowledgedJobIsLostNoTaskIsPlacedTwiceAndNoNodeIsOverCommitted() throws Exception {
        long seed = Long.getLong("layerx.seed", System.nanoTime());
        LOG.info("fault schedule seed {}", seed);
        Random random = new Random(seed);
        List<String> schedule = new ArrayList<>();
        try (ServerGroup g = ServerGroup.start(dir, 3, 3)) {
            Server first = g.awaitLeader(WAIT);
            assertThat(g.post(first, "/v1/clusters", CLUSTER).status()).isEqualTo(201);
            Set<String> acknowledged;
            try (Submitter load = new Submitter(g, "job", 1, 50, 2)) {
                load.hold();
                progress(load, 10);
                for (int i = 0; i < FAULTS; i++) {
                    String fault = fault(g, load, random);
                    schedule.add(fault);
                    LOG.info("fault {} of {}: {} (acknowledged so far: {})", i + 1, FAULTS, fault, load.count());
                }
                load.close();
                acknowledged = load.acknowledged();
            }
            Server last = g.awaitLeader(WAIT);
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(10 + FAULTS * STEP);
            assertThat(g.json(last, "/v1/jobs").size()).isGreaterThanOrEqualTo(acknowledged.size());

            try (EtcdStore store = EtcdStore.open(new EtcdOptions(g.etcd.endpoints(), ServerGroup.PREFIX))) {
                HistoryChecker history = HistoryChecker.replay(store, WAIT);
                assertThat(history.violations(acknowledged)).as("seed %d, schedule %s", seed, schedule).isEmpty();
                assertThat(history.tasks()).as("tasks in the history").isGreaterThanOrEqualTo(acknowledged.size());
                LOG.info("checked {} revisions, {} tasks, {} acknowledged jobs: no violation", history.revisions(),
                        history.tasks(), acknowledged.size());
            }
        }
    }

    /** Applies one random fault, holds it until the load made progress (or leadership moved), and heals it. */
    private static String fault(ServerGroup g, Submitter load, Random random) throws Exception {
        Server leader = g.awaitLeader(WAIT);
        return switch (random.nextInt(5)) {
            case 0 -> {
                g.kill(leader);
                g.awaitLeader(WAIT);
                progress(load, STEP);
                g.restart(leader);
                yield "SIGKILL leading server " + leader.index;
            }
            case 1 -> {
                List<Server> others = g.alive().stream().filter(s -> s != leader).toList();
                Server victim = others.get(random.nextInt(others.size()));
                g.kill(victim);
                progress(load, STEP);
                g.restart(victim);
                yield "SIGKILL server " + victim.index;
            }
            case 2 -> {
                g.pause(leader);
                g.awaitLeader(WAIT);
                progress(load, STEP);
                g.resume(leader);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> g.status(leader)
                        .map(j -> j.path("role").asText().equals("follower")).orElse(false));
                yield "SIGSTOP leading server " + leader.index + " until another led, then SIGCONT";
            }
            case 3 -> {
                boolean etcdLeader = random.nextBoolean();
                EtcdCluster.Member m = etcdLeader ? g.etcd.awaitLeader(WAIT)
                        : g.etcd.member(random.nextInt(g.etcd.members().size()));
                g.etcd.kill(m);
                progress(load, STEP);
                g.etcd.restart(m);
                yield "SIGKILL etcd member " + m.endpoint() + (etcdLeader ? " (the leader)" : "");
            }
            default -> {
                EtcdCluster.Member m = g.etcd.member(random.nextInt(g.etcd.members().size()));
                g.etcd.pause(m);
                progress(load, STEP);
                g.etcd.resume(m);
                yield "SIGSTOP etcd member " + m.endpoint() + ", then SIGCONT";
            }
        };
    }

    private static void progress(Submitter load, int more) {
        int target = load.allow(more);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> load.count() >= target);
        load.hold();
    }
}

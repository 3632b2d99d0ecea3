package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.cli.it.ServerGroup.Server;
import io.layerx.store.etcd.EtcdCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three etcd members and three {@code layerx server --store etcd} processes on loopback, with real agents (exec
 * tasks) and simulated clusters: the leading server is SIGKILLed, the etcd leader member is SIGKILLed, and the leading
 * server is paused and resumed.
 */
class ReplicatedServersIT {

    private static final int REPLICAS = 2;
    private static final String CLUSTER = "{\"name\":\"sim-a\",\"kind\":\"sim\",\"nodes\":12,\"cpu\":400000,"
            + "\"memory\":800000,\"startDelayMs\":20}";

    @TempDir
    Path dir;

    @Test
    void whenTheLeadingServerIsKilledAnotherServesWithin15sAndNothingRunningMovesOrIsLost() throws Exception {
        try (ServerGroup g = ServerGroup.start(dir, 3, 3)) {
            Server leader = g.awaitLeader(Duration.ofSeconds(60));
            Server follower = g.alive().stream().filter(s -> s != leader).findFirst().orElseThrow();
            assertThat(g.post(follower, "/v1/clusters", CLUSTER).status()).isEqualTo(201);
            assertThat(g.post(follower, "/v1/clusters", "{\"name\":\"ag\",\"kind\":\"agent\"}").status())
                    .isEqualTo(201);
            String joinToken = g.post(follower, "/v1/tokens", "{\"role\":\"agent\"}").json().path("token").asText();
            List<ChildProcess> agents = List.of(g.startAgent("ag", "n1", joinToken), g.startAgent("ag", "n2", joinToken));
            assertThat(g.post(follower, "/v1/jobs", Submitter.job("on-agents", 4, "ag")).status()).isEqualTo(201);
            for (int i = 0; i < 10; i++) {
                assertThat(g.post(g.servers.get(i % 3), "/v1/jobs", Submitter.job("base-" + i, REPLICAS)).status())
                        .isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> g.json(follower, "/v1/tasks?state=running").size()
                    == 10 * REPLICAS + 4 && sleeps(agents).size() == 4);
            Map<String, String> before = placements(g.json(follower, "/v1/tasks"));
            Set<Long> processesBefore = sleeps(agents);

            Set<String> acknowledged;
            try (Submitter load = new Submitter(g, "live", REPLICAS, 2)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.count() >= 10);
                g.kill(leader);
                long killedAt = System.nanoTime();
                Server next = g.awaitLeader(Duration.ofSeconds(15));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(next).isNotSameAs(leader);
                assertThat(takeover).isLessThan(Duration.ofSeconds(15));
                int atTakeover = load.count();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.count() >= atTakeover + 10);
                load.close();
                acknowledged = load.acknowledged();
            }

            Server any = g.alive().getFirst();
            String everyServer = leader.base + "," + g.alive().stream().map(s -> s.base.toString())
                    .collect(Collectors.joining(",")); // the killed one first
            Cli.Result viaCli = new Cli(Map.of("LAYERX_ADDR", everyServer, "LAYERX_TOKEN", g.token()),
                    dir.resolve("home")).run("job", "status", "base-0");
            assertThat(viaCli.exit()).as("the CLI given every server, the killed one among them: %s", viaCli)
                    .isZero();
            assertThat(viaCli.out()).contains("base-0");

            // the agents carry on with the new leader: past their grace they are still ready, and take new work
            assertThat(g.post(any, "/v1/jobs", Submitter.job("after", 2, "ag")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> g.json(any, "/v1/tasks?job=after&state=running").size()
                    == 2 && sleeps(agents).size() == 6);
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String n : List.of("n1", "n2")) {
                    assertThat(g.json(any, "/v1/nodes/" + n).path("state").asText()).as(n).isEqualTo("ready");
                }
            });
            assertThat(sleeps(agents)).as("the task processes on the agents").containsAll(processesBefore)
                    .hasSize(6);

            Map<String, String> after = placements(g.json(any, "/v1/tasks?state=running"));
            assertThat(after).as("every task that ran before runs where it ran").containsAllEntriesOf(before);
            assertThat(g.json(any, "/v1/tasks?job=on-agents").size()).isEqualTo(4);
            for (int i = 0; i < 10; i++) {
                assertThat(g.json(any, "/v1/tasks?job=base-" + i).size()).as("tasks of base-%d", i)
                        .isEqualTo(REPLICAS);
            }
            assertThat(jobNames(g.json(any, "/v1/jobs"))).containsAll(acknowledged);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    g.json(any, "/v1/tasks?state=running").size())
                    .isEqualTo(REPLICAS * (jobNames(g.json(any, "/v1/jobs")).size() - 2) + 4 + 2));
        }
    }

    /** PIDs of the {@code sleep} task processes the agents run. */
    private static Set<Long> sleeps(List<ChildProcess> agents) {
        return agents.stream().flatMap(a -> a.handle().descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void whenTheEtcdLeaderMemberIsKilledDuringSubmissionsNothingAcknowledgedIsLostAndLayerXRecovers()
            throws Exception {
        try (ServerGroup g = ServerGroup.start(dir, 3, 3)) {
            Server leader = g.awaitLeader(Duration.ofSeconds(60));
            assertThat(g.post(leader, "/v1/clusters", CLUSTER).status()).isEqualTo(201);
            Set<String> acknowledged;
            try (Submitter load = new Submitter(g, "job", REPLICAS, 3)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.count() >= 30);
                EtcdCluster.Member member = g.etcd.awaitLeader(Duration.ofSeconds(10));
                g.etcd.kill(member);
                int atKill = load.count();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.count() >= atKill + 30);
                load.close();
                acknowledged = load.acknowledged();
            }
            Server now = g.awaitLeader(Duration.ofSeconds(60));
            assertThat(jobNames(g.json(now, "/v1/jobs"))).containsAll(acknowledged);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    g.json(now, "/v1/tasks?state=running").size())
                    .isEqualTo(REPLICAS * jobNames(g.json(now, "/v1/jobs")).size()));
        }
    }

    @Test
    void aLeaderPausedUntilAnotherLeadsCommitsNothingAfterAndStepsDown() throws Exception {
        try (ServerGroup g = ServerGroup.start(dir, 3, 3)) {
            Server paused = g.awaitLeader(Duration.ofSeconds(60));
            assertThat(g.post(paused, "/v1/clusters", CLUSTER).status()).isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                assertThat(g.post(paused, "/v1/jobs", Submitter.job("early-" + i, REPLICAS)).status()).isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> g.json(paused, "/v1/tasks?state=running").size()
                    == 5 * REPLICAS);
            g.pause(paused);
            Server reader = g.alive().getFirst();
            ServerGroup.Reply local = g.get(reader, "/v1/tasks?state=running", Duration.ofSeconds(20));
            assertThat(local.status()).as("a follower serves reads from its own view while the leader is paused")
                    .isEqualTo(200);
            assertThat(local.json().size()).isEqualTo(5 * REPLICAS);
            Server next = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                    () -> g.alive().stream().filter(s -> s != paused)
                            .filter(s -> g.status(s).map(j -> j.path("role").asText().equals("leader")).orElse(false))
                            .findFirst().orElse(null), s -> s != null);
            long electedAt = g.status(next).orElseThrow().path("electedAtRevision").asLong();
            assertThat(electedAt).isPositive();
            for (int i = 0; i < 5; i++) {
                assertThat(g.post(next, "/v1/jobs", Submitter.job("late-" + i, REPLICAS)).status()).isEqualTo(201);
            }

            g.resume(paused);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                    () -> g.status(paused).map(j -> j.path("role").asText().equals("follower")).orElse(false));
            JsonNode status = g.status(paused).orElseThrow();
            assertThat(status.path("lastCommitRevision").asLong()).as("the deposed leader's last commit")
                    .isLessThan(electedAt);
            assertThat(status.path("leader").asText()).isEqualTo(next.base.toString());
            assertThat(g.status(next).orElseThrow().path("role").asText()).isEqualTo("leader");
            await().atMost(Duration.ofSeconds(60)).until(() -> g.json(paused, "/v1/tasks?state=running").size()
                    == 10 * REPLICAS);
        }
    }

    /** Task id to node, of tasks that have a node. */
    private static Map<String, String> placements(JsonNode tasks) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode t : tasks) {
            if (t.hasNonNull("node")) out.put(t.path("id").asText(), t.path("node").asText());
        }
        return out;
    }

    private static Set<String> jobNames(JsonNode jobs) {
        Set<String> out = new HashSet<>();
        for (JsonNode j : jobs) out.add(j.path("name").asText());
        return out;
    }
}

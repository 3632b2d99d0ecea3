package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.server.DockerApiListen;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live migration of real work, start before stop: a process between two LayerX agents, and a container between an
 * agent and a Docker engine node and back, with the machine's docker CLI keeping the container's name across the
 * moves; and a new version of a service rolling over real processes. While each move runs, a sampler reads the job's
 * tasks over the API: its running replicas never drop below target; and the store's own order of events shows the
 * original told to stop only after its replacement ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMigrationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path scratch;
    private EngineDaemon dockerd;
    private LayerXServer server;
    private Cli cli;
    private LoopbackApi api;
    private Agent agentA;
    private Agent agentB;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxm");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0),
                new DockerApiListen("127.0.0.1", 0));
        String token = Files.readString(server.adminTokenFile()).strip();
        cli = new Cli(Map.of("LAYERX_ADDR", server.address().toString(), "LAYERX_TOKEN", token), scratch.resolve("home"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), token);
        ok(cli.run("cluster", "add", "agent", "agents"));
        ok(cli.run("cluster", "add", "docker", "dk", "--endpoint", dockerd.endpoint(), "--network", "host"));
        String join = ok(cli.run("token", "create", "--role", "agent")).strip();
        agentA = agent(join, "agent-a");
        agentB = agent(join, "agent-b");
        await().atMost(WAIT).until(() -> ready("agent-a") && ready("agent-b") && ready("dk-01"));
    }

    private Agent agent(String join, String name) throws Exception {
        return Agent.start(new AgentConfig(List.of(server.address()), join, "agents", name, Map.of(), 2000, 2048,
                scratch.resolve(name), "127.0.0.1", 0, null, dockerd.endpoint(), 0), InstantSource.system());
    }

    private boolean ready(String node) {
        JsonNode n = api.json("/v1/nodes/" + node);
        return n.path("state").asText().equals("ready");
    }

    @AfterAll
    void stop() throws Exception {
        Closing.all(agentA, agentB, server, dockerd);
        if (scratch != null) EngineDaemon.delete(scratch);
    }

    @Test
    void aRunningProcessMovesBetweenTwoAgentsStartBeforeStop() throws Exception {
        Path f = scratch.resolve("procs.yaml");
        Files.writeString(f, """
                name: procs
                replicas: 2
                constraints: ["cluster.name == agents"]
                task: {command: [sleep, "3600"], resources: {cpu: 200, memory: 32}}
                """);
        ok(cli.run("job", "run", f.toString()));
        List<JsonNode> before = await().atMost(WAIT).until(() -> running("procs"), l -> l.size() == 2);
        JsonNode original = before.getFirst();
        String id = original.path("id").asText();
        Agent from = original.path("node").asText().equals("agent-a") ? agentA : agentB;
        Agent to = from == agentA ? agentB : agentA;
        long pid = await().atMost(WAIT).until(() -> from.pids().get(id), p -> p != null);

        Move move = Move.of(this, "procs", id, "task", "migrate", id, "--to", to.node());

        assertThat(move.cli.out()).contains("moved " + id + " to " + to.node());
        move.assertNeverBelow(2);
        String replacement = move.replacement();
        assertThat(to.pids()).containsKey(replacement);
        assertThat(ProcessHandle.of(to.pids().get(replacement)).map(ProcessHandle::isAlive)).contains(true);
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        assertThat(from.pids()).doesNotContainKey(id);
        ok(cli.run("job", "stop", "procs"));
    }

    @Test
    void aNewVersionOfAServiceRollsOverRealProcessesWithoutRunningFewer() throws Exception {
        Path f = scratch.resolve("roll.yaml");
        String spec = """
                name: roll
                replicas: 3
                constraints: ["cluster.name == agents"]
                task: {command: [sleep, "3600"], env: {V: "%s"}, resources: {cpu: 100, memory: 16}}
                """;
        Files.writeString(f, spec.formatted("1"));
        ok(cli.run("job", "run", f.toString()));
        List<String> first = await().atMost(WAIT).until(() -> running("roll"), l -> l.size() == 3).stream()
                .map(t -> t.path("id").asText()).toList();
        List<Long> pids = await().atMost(WAIT).until(() -> first.stream().map(this::pid).toList(),
                l -> l.stream().allMatch(p -> p != null));
        RunningSampler sampler = new RunningSampler(this, "roll");
        try (sampler) {
            Files.writeString(f, spec.formatted("2"));
            ok(cli.run("job", "run", f.toString()));
            await().atMost(WAIT).until(() -> running("roll").stream().filter(t -> t.path("jobVersion").asLong() == 2)
                    .count() == 3 && running("roll").size() == 3);
        }
        assertThat(sampler.samples).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
        for (String id : first) {
            assertThat(api.json("/v1/tasks/" + id).path("reason").asText()).startsWith("replaced by version 2 (");
        }
        await().atMost(WAIT).until(() -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false)));
        ok(cli.run("job", "stop", "roll"));
    }

    private Long pid(String task) {
        Long a = agentA.pids().get(task);
        return a != null ? a : agentB.pids().get(task);
    }

    @Test
    void aContainerMovesFromAnAgentToADockerNodeAndBackKeepingItsName() throws Exception {
        String docker = EngineDaemon.dockerCli();
        String host = server.dockerApi().toString();
        String cid = sh(docker, "-H", host, "run", "-d", "--name", "web", "--memory", "64m", EngineDaemon.IMAGE,
                "sleep", "3600");
        String psBefore = cid.substring(0, 12) + " web " + EngineDaemon.IMAGE;
        await().atMost(WAIT).until(() -> sh(docker, "-H", host, "ps", "--format", "{{.ID}} {{.Names}} {{.Image}}"),
                psBefore::equals);

        String first = await().atMost(WAIT).until(() -> running("web"), l -> l.size() == 1).getFirst().path("id").asText();
        String firstCluster = Codec.mapper().readTree(ok(cli.run("task", "get", first, "-o", "json"))).path("cluster").asText();
        String other = firstCluster.equals("agents") ? "dk" : "agents";

        Move there = Move.of(this, "web", first, "task", "migrate", first, "--to-cluster", other);
        there.assertNeverBelow(1);
        Move back = Move.of(this, "web", there.replacement(), "task", "migrate", there.replacement(),
                "--to-cluster", firstCluster);
        back.assertNeverBelow(1);

        assertThat(sh(docker, "-H", host, "ps", "--format", "{{.ID}} {{.Names}} {{.Image}}")).isEqualTo(psBefore);
        assertThat(sh(docker, "-H", host, "inspect", "--format", "{{.Name}} {{.State.Running}}", "web"))
                .isEqualTo("/web true");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                dockerd.docker("ps", "-q", "--filter", "label=io.layerx.job=web").lines().count()).isEqualTo(1));
        sh(docker, "-H", host, "rm", "-f", "web");
    }

    /**
     * One migration run from the CLI while a sampler reads the job's running tasks over the API and the store's
     * events are recorded, so the order of what happened can be checked afterwards.
     */
    private record Move(Cli.Result cli, List<Integer> samples, List<io.layerx.service.Event> events, String original,
                        String replacement) {

        static Move of(LiveMigrationIT it, String job, String original, String... args) throws Exception {
            List<io.layerx.service.Event> events = new CopyOnWriteArrayList<>();
            long from = it.server.controlPlane().revision();
            try (AutoCloseable sub = it.server.controlPlane().subscribe(from, e -> {
                if (e.kind().equals("task")) events.add(e);
            }, e -> { }); RunningSampler sampler = new RunningSampler(it, job)) {
                Cli.Result r = it.cli.run(args);
                ok(r);
                String replacement = replacementOf(it, original);
                await().atMost(WAIT).until(() -> "killed".equals(it.api.json("/v1/tasks/" + original)
                        .path("state").asText()));
                await().atMost(WAIT).until(() -> !stopped(events, original).isEmpty());
                return new Move(r, List.copyOf(sampler.samples), List.copyOf(events), original, replacement)
                        .checkedStartBeforeStop();
            }
        }

        private static String replacementOf(LiveMigrationIT it, String original) {
            return await().atMost(WAIT).until(() -> {
                for (JsonNode t : it.api.json("/v1/tasks")) {
                    if (original.equals(t.path("replaces").asText(null))) return t.path("id").asText();
                }
                return null;
            }, id -> id != null);
        }

        /** The store's order: the replacement ran at a revision before the one that told the original to stop. */
        private Move checkedStartBeforeStop() {
            Optional<Long> ran = events.stream().filter(e -> e.id().equals(replacement)
                    && e.object() instanceof Task t && t.state() == TaskState.RUNNING)
                    .map(io.layerx.service.Event::revision).findFirst();
            assertThat(ran).as("the replacement %s ran", replacement).isPresent();
            long stop = stopped(events, original).getFirst();
            assertThat(ran.get()).as("replacement running before the original is told to stop").isLessThan(stop);
            return this;
        }

        private static List<Long> stopped(List<io.layerx.service.Event> events, String original) {
            return events.stream().filter(e -> e.id().equals(original) && e.object() instanceof Task t
                    && (t.desired() == io.layerx.model.DesiredState.STOP || t.state() != TaskState.RUNNING))
                    .map(io.layerx.service.Event::revision).toList();
        }

        void assertNeverBelow(int target) {
            assertThat(samples).as("samples of running replicas").isNotEmpty().allSatisfy(
                    n -> assertThat(n).isGreaterThanOrEqualTo(target));
        }
    }

    /** Counts a job's running tasks over the API every 20 ms until closed. */
    private static final class RunningSampler implements AutoCloseable {
        final List<Integer> samples = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        RunningSampler(LiveMigrationIT it, String job) {
            timer.scheduleAtFixedRate(() -> samples.add(it.running(job).size()), 0, 20, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private List<JsonNode> running(String job) {
        List<JsonNode> out = new ArrayList<>();
        api.json("/v1/tasks?job=" + job + "&state=running").forEach(out::add);
        return out;
    }

    private static String ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) throw new UncheckedIOException(new IOException(String.join(" ", cmd) + ": " + out));
        return out;
    }
}

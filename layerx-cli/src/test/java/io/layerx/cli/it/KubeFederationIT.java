package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.kubetest.MockKube;
import io.layerx.model.DesiredState;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.service.Event;
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
 * A Kubernetes cluster (fabric8's mock API server in CRUD mode, added with {@code layerx cluster add kubernetes})
 * and an agent cluster (a real LayerX agent running containers on a real dockerd) in one pool. Nothing runs the
 * pods: the test plays the kubelet, marking every new pod running. A job spreads over both clusters; a task
 * migrates from one to the other and back, start before stop; a deleted Kubernetes node's tasks are placed again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeFederationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "lx";

    private Path scratch;
    private EngineDaemon dockerd;
    private MockKube kube;
    private AutoCloseable kubelet;
    private LayerXServer server;
    private Cli cli;
    private LoopbackApi api;
    private Agent agent;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxk");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        kube = MockKube.start();
        kube.addNode("w1", 2000, 2048, Map.of("topology.kubernetes.io/zone", "k-a"), List.of());
        kube.addNode("w2", 2000, 2048, Map.of("topology.kubernetes.io/zone", "k-b"), List.of());
        kubelet = kube.kubelet(NS);
        Path kubeconfig = scratch.resolve("kubeconfig");
        Files.writeString(kubeconfig, kube.kubeconfig());
        server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0));
        String token = Files.readString(server.adminTokenFile()).strip();
        cli = new Cli(Map.of("LAYERX_ADDR", server.address().toString(), "LAYERX_TOKEN", token), scratch.resolve("home"));
        api = new LoopbackApi(HttpClient.newHttpClient(), server.address(), token);

        Cli.Result missing = cli.run("cluster", "add", "kubernetes", "kc");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("a kubernetes cluster needs --kubeconfig");
        Cli.Result noFile = cli.run("cluster", "add", "kubernetes", "kc", "--kubeconfig", scratch.resolve("nope").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("--kubeconfig " + scratch.resolve("nope") + ": no such file");
        assertThat(ok(cli.run("cluster", "add", "kubernetes", "kc", "--kubeconfig", kubeconfig.toString(),
                "--namespace", NS))).contains("cluster kc added (2 nodes)");
        assertThat(api.json("/v1/clusters/kc").path("settings").path("kubeconfig").asText()).endsWith("bytes, hidden)");
        ok(cli.run("cluster", "add", "agent", "agents"));
        String join = ok(cli.run("token", "create", "--role", "agent")).strip();
        agent = Agent.start(new AgentConfig(List.of(server.address()), join, "agents", "agent-1", Map.of(), 2000, 2048,
                scratch.resolve("agent-1"), "127.0.0.1", 0, null, dockerd.endpoint(), 0), InstantSource.system());
        await().atMost(WAIT).until(() -> ready("agent-1") && ready("kc-w1") && ready("kc-w2"));
    }

    @AfterAll
    void stop() throws Exception {
        Closing.all(agent, server, kubelet, kube, dockerd);
        if (scratch != null) EngineDaemon.delete(scratch);
    }

    @Test
    void aJobSpreadsOverTheKubernetesAndTheAgentClusterAndADeletedKubeNodesTasksArePlacedAgain() throws Exception {
        Path f = scratch.resolve("spread.yaml");
        Files.writeString(f, """
                name: spread
                replicas: 4
                spread: [{topology: cluster, maxSkew: 1}]
                task: {driver: docker, image: "%s", command: [sleep, "3600"], resources: {cpu: 100, memory: 32}}
                """.formatted(EngineDaemon.IMAGE));
        ok(cli.run("job", "run", f.toString()));
        List<JsonNode> running = await().atMost(WAIT).until(() -> running("spread"), l -> l.size() == 4);
        assertThat(running).extracting(t -> t.path("cluster").asText()).containsOnly("kc", "agents")
                .filteredOn("kc"::equals).hasSize(2);
        for (JsonNode t : running) {
            if (t.path("cluster").asText().equals("kc")) {
                Pod p = pod(t.path("id").asText()).orElseThrow();
                assertThat("kc-" + p.getSpec().getNodeName()).isEqualTo(t.path("node").asText());
            } else {
                assertThat(containerRuns(t.path("id").asText())).isTrue();
            }
        }

        String lost = running.stream().map(t -> t.path("node").asText()).filter(n -> n.startsWith("kc-")).findFirst().orElseThrow();
        List<String> onLost = running.stream().filter(t -> t.path("node").asText().equals(lost))
                .map(t -> t.path("id").asText()).toList();
        kube.deleteNode(lost.substring("kc-".length()));
        await().atMost(WAIT).until(() -> api.json("/v1/nodes/" + lost).path("state").asText().equals("lost"));
        await().atMost(WAIT).until(() -> onLost.stream().allMatch(id -> api.json("/v1/tasks/" + id).path("state").asText().equals("lost")));
        List<JsonNode> after = await().atMost(WAIT).until(() -> running("spread"), l -> l.size() == 4
                && l.stream().noneMatch(t -> t.path("node").asText().equals(lost)));
        assertThat(after).extracting(t -> t.path("id").asText()).doesNotContainAnyElementsOf(onLost);
        await().atMost(WAIT).until(() -> onLost.stream().allMatch(id -> pod(id).isEmpty()));
        ok(cli.run("job", "stop", "spread"));
    }

    @Test
    void aTaskMigratesBetweenKubernetesAndTheAgentBothWaysStartBeforeStop() throws Exception {
        Path f = scratch.resolve("mover.yaml");
        Files.writeString(f, """
                name: mover
                replicas: 1
                task: {driver: docker, image: "%s", command: [sleep, "3600"], resources: {cpu: 100, memory: 32}}
                """.formatted(EngineDaemon.IMAGE));
        ok(cli.run("job", "run", f.toString()));
        JsonNode first = await().atMost(WAIT).until(() -> running("mover"), l -> l.size() == 1).getFirst();
        String firstId = first.path("id").asText();
        String firstCluster = first.path("cluster").asText();
        String other = firstCluster.equals("kc") ? "agents" : "kc";

        String there = migrate("mover", firstId, other);
        String back = migrate("mover", there, firstCluster);
        String podGone = firstCluster.equals("kc") ? firstId : there;
        String containerGone = firstCluster.equals("kc") ? there : firstId;
        if (firstCluster.equals("kc")) {
            assertThat(pod(back)).isPresent();
        } else {
            assertThat(containerRuns(back)).isTrue();
        }
        await().atMost(WAIT).until(() -> pod(podGone).isEmpty() && !containerRuns(containerGone));
        ok(cli.run("job", "stop", "mover"));
    }

    /**
     * Migrates {@code original} to {@code cluster} with the CLI and returns its replacement, checking that the job never
     * ran fewer than one replica meanwhile and that the replacement ran before the original was told to stop.
     */
    private String migrate(String job, String original, String cluster) throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        List<Integer> samples = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (AutoCloseable sub = server.controlPlane().subscribe(server.controlPlane().revision(), e -> {
            if (e.kind().equals("task")) events.add(e);
        }, e -> { })) {
            sampler.scheduleAtFixedRate(() -> samples.add(running(job).size()), 0, 20, TimeUnit.MILLISECONDS);
            ok(cli.run("task", "migrate", original, "--to-cluster", cluster));
            String replacement = await().atMost(WAIT).until(() -> {
                for (JsonNode t : api.json("/v1/tasks?job=" + job)) {
                    if (original.equals(t.path("replaces").asText(null))) return t.path("id").asText();
                }
                return null;
            }, id -> id != null);
            await().atMost(WAIT).until(() -> "killed".equals(api.json("/v1/tasks/" + original).path("state").asText()));
            assertThat(api.json("/v1/tasks/" + replacement).path("cluster").asText()).isEqualTo(cluster);
            Optional<Long> ran = events.stream().filter(e -> e.id().equals(replacement) && e.object() instanceof Task t
                    && t.state() == TaskState.RUNNING).map(Event::revision).findFirst();
            Optional<Long> stop = events.stream().filter(e -> e.id().equals(original) && e.object() instanceof Task t
                    && (t.desired() == DesiredState.STOP || t.state() != TaskState.RUNNING)).map(Event::revision).findFirst();
            assertThat(ran).as("the replacement ran").isPresent();
            assertThat(stop).as("the original was stopped").isPresent();
            assertThat(ran.get()).as("replacement running before the original is told to stop").isLessThan(stop.get());
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
            assertThat(samples).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1));
            return replacement;
        } finally {
            sampler.shutdownNow();
        }
    }

    /** Whether the agent runs the task's container on dockerd. */
    private boolean containerRuns(String task) throws Exception {
        return !dockerd.docker("ps", "-q", "--filter", "label=io.layerx.task=" + task).isBlank();
    }

    private Optional<Pod> pod(String task) {
        return kube.pods(NS).stream().filter(p -> p.getMetadata().getName().equals(task)).findFirst();
    }

    private boolean ready(String node) {
        return api.json("/v1/nodes/" + node).path("state").asText().equals("ready");
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
}

package io.layerx.provider.task.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The machine's own docker CLIs against LayerX's Docker API, over a docker cluster of dockerd and podman. */
class DockerCliIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String IMAGE = EngineDaemon.IMAGE;
    private static DockerPool pool;
    private static DockerCli docker;

    @BeforeAll
    static void start() throws Exception {
        pool = DockerPool.start();
        docker = new DockerCli(DockerCli.installed().getFirst(), pool.host());
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) pool.close();
    }

    private static List<Task> tasks(String job) {
        return pool.controlPlane().tasks(new TaskFilter(job, null, null));
    }

    private static Task running(String job) {
        await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.state() == TaskState.RUNNING));
        return tasks(job).stream().filter(t -> t.state() == TaskState.RUNNING).findFirst().orElseThrow();
    }

    @Test
    void bothClisNegotiateTheApiAndSeeThePoolAsOneEngine() throws Exception {
        assertThat(DockerCli.installed()).isNotEmpty();
        for (String binary : DockerCli.installed()) {
            DockerCli cli = new DockerCli(binary, pool.host());
            assertThat(cli.ok("version", "--format", "{{.Server.APIVersion}} {{.Server.Version}}"))
                    .as(binary).isEqualTo("1.41 " + SystemJson.VERSION);
            assertThat(cli.ok("info", "--format", "{{.OperatingSystem}} {{.NCPU}} {{.Name}}"))
                    .as(binary).isEqualTo("LayerX pool of 2 ready nodes " + 2 * Runtime.getRuntime().availableProcessors() + " layerx");
            assertThat(cli.ok("images", "--format", "{{.Repository}}:{{.Tag}}")).as(binary).contains("local/busybox:latest");
        }
    }

    static List<String> clis() {
        return DockerCli.installed();
    }

    @ParameterizedTest
    @MethodSource("clis")
    void runLandsOnANodeLayerXChoseAndPsLogsInspectStopRmBehaveAsOnOneEngine(String binary) throws Exception {
        DockerCli docker = new DockerCli(binary, pool.host());
        String name = binary.startsWith("/usr/local") ? "web-new" : "web-old";
        String id = docker.ok("run", "-d", "--name", name, "--memory", "64m", "--cpus", "0.5", "-e", "GREETING=hi",
                "--label", "app=" + name, IMAGE, "sh", "-c", "echo $GREETING out; echo err >&2; sleep 300");
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Names}} {{.Status}}")).as("run -d returns once it runs")
                .startsWith(name + " Up");
        Task t = running(name);
        assertThat(t.node()).isIn("dk-01", "dk-02");
        assertThat(t.resources().memory()).isEqualTo(64);
        assertThat(t.resources().cpu()).isEqualTo(500);
        Job job = pool.controlPlane().job(name).job();
        assertThat(job.type()).isEqualTo(JobType.BATCH);
        assertThat(job.replicas()).isEqualTo(1);
        assertThat(pool.engineOf(t.node()).docker("inspect", t.id(), "--format", "{{.HostConfig.Memory}} {{.State.Running}}").strip())
                .isEqualTo("67108864 true");

        await().atMost(WAIT).untilAsserted(() -> assertThat(docker.ok("ps", "--format", "{{.ID}} {{.Names}} {{.Image}} {{.Status}}"))
                .contains(id.substring(0, 12) + " " + name + " " + IMAGE + " Up"));
        assertThat(docker.ok("ps", "--filter", "label=app=" + name, "--format", "{{.Names}}")).isEqualTo(name);
        assertThat(docker.ok("ps", "--filter", "label=app=nope", "--format", "{{.Names}}")).isEmpty();
        assertThat(docker.ok("ps", "--filter", "name=" + name.substring(0, 6), "--format", "{{.Names}}")).isEqualTo(name);
        assertThat(docker.ok("inspect", "--format", "{{.State.Status}} {{.Node.Name}} {{.HostConfig.Memory}} {{index .Config.Labels \"app\"}}", name))
                .isEqualTo("running " + t.node() + " 67108864 " + name);
        await().atMost(WAIT).untilAsserted(() -> {
            DockerCli.Result logs = docker.run("logs", id.substring(0, 8));
            assertThat(logs.out()).isEqualTo("hi out");
            assertThat(logs.err()).isEqualTo("err");
        });

        DockerCli.Result rmRunning = docker.run("rm", name);
        assertThat(rmRunning.exit()).isNotZero();
        assertThat(rmRunning.err()).contains("You cannot remove a running container " + id);

        assertThat(docker.ok("stop", "-t", "1", name)).isEqualTo(name);
        assertThat(docker.ok("ps", "--format", "{{.Names}}")).doesNotContain(name);
        assertThat(docker.ok("ps", "-a", "--filter", "name=" + name, "--format", "{{.Names}} {{.State}}")).isEqualTo(name + " exited");
        assertThat(tasks(name)).allMatch(x -> x.state().terminal());
        assertThat(docker.ok("rm", name)).isEqualTo(name);
        assertThat(docker.ok("ps", "-a", "--format", "{{.Names}}")).doesNotContain(name);
        assertThat(tasks(name)).isEmpty();
        await().atMost(WAIT).until(() -> pool.engineOf(t.node()).docker("ps", "-aq", "--filter", "label=io.layerx.job=" + name).isBlank());
    }

    @Test
    void logsFollowUntilTheContainerEndsAndRmForceRemovesARunningOne() throws Exception {
        docker.ok("run", "-d", "--name", "ticker", IMAGE, "sh", "-c", "echo one; sleep 2; echo two");
        running("ticker");
        assertThat(docker.ok("logs", "-f", "ticker")).isEqualTo("one\ntwo");
        await().atMost(WAIT).until(() -> docker.ok("ps", "-a", "--filter", "name=ticker", "--format", "{{.Status}}")
                .startsWith("Exited (0)"));

        docker.ok("run", "-d", "--name", "doomed", IMAGE, "sleep", "300");
        running("doomed");
        assertThat(docker.ok("rm", "-f", "doomed")).isEqualTo("doomed");
        assertThat(tasks("doomed")).isEmpty();
        DockerCli.Result gone = docker.run("inspect", "doomed");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).containsIgnoringCase("no such object: doomed");
        assertThat(docker.ok("inspect", "--format", "{{.Id}} {{.Os}}", IMAGE)).endsWith(" linux");
    }

    @Test
    void constraintsAndAffinityAsSwarmTookThem() throws Exception {
        docker.ok("run", "-d", "--name", "on-two", "-e", "constraint:node==dk-02", IMAGE, "sleep", "300");
        assertThat(running("on-two").node()).isEqualTo("dk-02");
        docker.ok("run", "-d", "--name", "by-label", "--label", "com.docker.swarm.constraints=[\"node==dk-01\"]",
                IMAGE, "sleep", "300");
        assertThat(running("by-label").node()).isEqualTo("dk-01");
        for (int i = 0; i < 3; i++) {
            docker.ok("run", "-d", "--name", "near-" + i, "-e", "affinity:container==on-two", IMAGE, "sleep", "300");
            assertThat(running("near-" + i).node()).isEqualTo("dk-02");
        }
        docker.ok("run", "-d", "--name", "away", "-e", "affinity:container!=on-two", IMAGE, "sleep", "300");
        assertThat(running("away").node()).isEqualTo("dk-01");
        docker.ok("run", "-d", "--name", "soft", "-e", "constraint:node==~nowhere", "-e", "affinity:image==" + IMAGE,
                IMAGE, "sleep", "300");
        assertThat(running("soft").node()).isIn("dk-01", "dk-02");

        DockerCli.Result impossible = docker.run("run", "-d", "--name", "nowhere", "-e", "constraint:node==nowhere", IMAGE, "true");
        assertThat(impossible.exit()).isNotZero();
        assertThat(impossible.err()).contains("no node of the pool can run container nowhere").contains("node.name == nowhere");
        assertThat(docker.ok("ps", "-a", "--format", "{{.Names}}")).doesNotContain("nowhere");
        DockerCli.Result noSuch = docker.run("run", "-d", "-e", "affinity:container==ghost", IMAGE, "true");
        assertThat(noSuch.err()).contains("affinity:container==ghost: no such container");
        for (String name : List.of("on-two", "by-label", "near-0", "near-1", "near-2", "away", "soft")) docker.ok("rm", "-f", name);
    }

    @Test
    void aServiceContainerKilledOnItsEngineIsReplacedAndAPlainOneShowsTheKill() throws Exception {
        docker.ok("run", "-d", "--name", "svc", "--restart", "always", IMAGE, "sleep", "300");
        Task first = running("svc");
        assertThat(pool.controlPlane().job("svc").job().type()).isEqualTo(JobType.SERVICE);
        pool.engineOf(first.node()).docker("kill", first.id());
        await().atMost(WAIT).until(() -> tasks("svc").stream().anyMatch(t -> t.state() == TaskState.RUNNING && t.attempt() == 1));
        assertThat(docker.ok("inspect", "--format", "{{.State.Status}} {{.RestartCount}}", "svc")).isEqualTo("running 1");

        docker.ok("run", "-d", "--name", "once", IMAGE, "sleep", "300");
        Task once = running("once");
        pool.engineOf(once.node()).docker("kill", once.id());
        await().atMost(WAIT).untilAsserted(() -> assertThat(docker.ok("ps", "-a", "--filter", "name=once", "--format", "{{.Status}}"))
                .startsWith("Exited (137)"));
        assertThat(tasks("once")).hasSize(1);
        docker.ok("rm", "-f", "svc", "once");
    }

    @Test
    void stoppedContainersStartAgainAndOnesThatEndedByThemselvesSaySo() throws Exception {
        docker.ok("run", "-d", "--name", "again", IMAGE, "sleep", "300");
        Task first = running("again");
        docker.ok("stop", "-t", "0", "again");
        assertThat(docker.ok("start", "again")).isEqualTo("again");
        await().atMost(WAIT).until(() -> tasks("again").stream().anyMatch(t -> t.state() == TaskState.RUNNING && !t.id().equals(first.id())));
        docker.ok("run", "-d", "--name", "brief", IMAGE, "true");
        await().atMost(WAIT).until(() -> docker.ok("ps", "-a", "--filter", "name=brief", "--format", "{{.State}}").equals("exited"));
        DockerCli.Result start = docker.run("start", "brief");
        assertThat(start.exit()).isNotZero();
        assertThat(start.err()).contains("has ended by itself");
        docker.ok("rm", "-f", "again", "brief");
    }

    @Test
    void pingVersionPrefixesAndBadRequestsOverPlainHttp() throws Exception {
        String base = "http://127.0.0.1:" + pool.api.port();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + "/_ping"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("API-Version")).hasValue("1.41");
            for (String v : List.of("", "/v1.24", "/v1.41", "/v1.50")) {
                assertThat(get(http, base + v + "/version").body()).as(v).contains("\"ApiVersion\":\"1.41\"");
            }
            assertThat(get(http, base + "/v1.12/version")).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).isEqualTo("{\"message\":\"client version 1.12 is too old. Minimum supported API "
                        + "version is 1.24, please upgrade your client to a newer version\"}");
            });
            assertThat(get(http, base + "/v1.99/version").body()).contains("too new");
            assertThat(get(http, base + "/containers/json?limit=x").body()).contains("limit must be a whole number");
            assertThat(get(http, base + "/containers/json?filters=%7B%22before%22%3A%5B%22x%22%5D%7D").body())
                    .contains("invalid filter 'before'");
            assertThat(get(http, base + "/v1.41/swarm")).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(501);
                assertThat(r.body()).contains("does not serve GET /v1.41/swarm");
            });
        }
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void optionsLayerXDoesNotSupportAreRefusedByName() throws Exception {
        DockerCli.Result volume = docker.run("run", "-d", "-v", "/tmp:/x", "--privileged", IMAGE, "true");
        assertThat(volume.exit()).isNotZero();
        assertThat(volume.err()).contains("-v (HostConfig.Binds) is not supported").contains("--privileged");
        DockerCli.Result attached = docker.run("run", "--rm", IMAGE, "echo", "hi");
        assertThat(attached.err()).contains("LayerX runs containers detached").contains("--rm");
        DockerCli.Result upper = docker.run("run", "-d", "--name", "Upper", IMAGE, "true");
        assertThat(upper.err()).contains("container name 'Upper' must be 1-63 lower-case letters");
        DockerCli.Result image = docker.run("run", "-d", "local/not-here", "true");
        assertThat(image.exit()).isNotZero();
        assertThat(image.err()).contains("local/not-here").contains("LayerX does not pull images");
        DockerCli.Result exec = docker.run("exec", "x", "true");
        assertThat(exec.exit()).isNotZero();
        DockerCli.Result badFilter = docker.run("ps", "--filter", "volume=x");
        assertThat(badFilter.err()).contains("invalid filter 'volume'");
    }
}

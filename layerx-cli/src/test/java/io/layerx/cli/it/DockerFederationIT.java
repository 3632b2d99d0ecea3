package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.cli.Cli;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.server.DockerApiListen;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole flow as a user has it: a server with {@code --docker-api}, two real engines (dockerd and podman) added
 * with {@code layerx cluster add docker}, a LayerX agent joined as a second cluster, and the machine's docker CLI
 * running containers there, which {@code layerx task list} shows as tasks: on the docker cluster, and with a Swarm
 * constraint on the agent's node.
 */
class DockerFederationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void dockerCliContainersAreLayerXTasksOnADockerClusterAddedFromTheCli() throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "lxf");
        try (EngineDaemon dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
             EngineDaemon podman = EngineDaemon.start(EngineDaemon.Kind.PODMAN, scratch);
             LayerXServer server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0),
                     new DockerApiListen("127.0.0.1", 0))) {
            Cli cli = new Cli(Map.of("LAYERX_ADDR", server.address().toString(),
                    "LAYERX_TOKEN", Files.readString(server.adminTokenFile()).strip()), scratch.resolve("home"));
            Cli.Result add = cli.run("cluster", "add", "docker", "dk", "--endpoint", dockerd.endpoint(),
                    "--endpoint", podman.endpoint() + "?cpu=2000&memory=4096", "--network", "none");
            assertThat(add.exit()).as(add.toString()).isZero();
            assertThat(add.out()).contains("cluster dk added (2 nodes)");
            Cli.Result nodes = cli.run("node", "list", "--cluster", "dk", "-o", "json");
            assertThat(nodes.out()).contains("\"dk-01\"", "\"dk-02\"");
            assertThat(cli.run("node", "get", "dk-02", "-o", "json").out()).contains("\"cpu\": 2000", "\"memory\": 4096");

            String docker = EngineDaemon.dockerCli();
            String id = run(docker, "-H", server.dockerApi().toString(), "run", "-d", "--memory", "64m",
                    EngineDaemon.IMAGE, "sleep", "300");
            String job = "c-" + id.substring(0, 12);
            await().atMost(WAIT).untilAsserted(() -> {
                Cli.Result tasks = cli.run("task", "list", "--job", job);
                assertThat(tasks.out()).containsPattern(job + "-\\S+ .*running.*dk-0[12]");
            });
            assertThat(run(docker, "-H", server.dockerApi().toString(), "ps", "--format", "{{.ID}} {{.Status}}"))
                    .startsWith(id.substring(0, 12) + " Up");
            Cli.Result badAdd = cli.run("cluster", "add", "docker", "none");
            assertThat(badAdd.exit()).isEqualTo(2);
            assertThat(badAdd.err()).contains("a docker cluster needs --endpoint");
            run(docker, "-H", server.dockerApi().toString(), "rm", "-f", id);
            assertThat(cli.run("task", "list", "--job", job).out()).doesNotContain("running");

            assertThat(cli.run("cluster", "add", "agent", "agents").exit()).isZero();
            String joinToken = cli.run("token", "create", "--role", "agent").out().strip();
            try (Agent agent = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "agents", "agent-1",
                    Map.of(), 2000, 2048, scratch.resolve("agent"), "127.0.0.1", 0, null, dockerd.endpoint(), 0),
                    InstantSource.system())) {
                await().atMost(WAIT).until(() -> cli.run("node", "get", "agent-1", "-o", "json").out().contains("\"ready\""));
                String onAgent = run(docker, "-H", server.dockerApi().toString(), "run", "-d", "--name", "on-agent",
                        "-e", "constraint:cluster.name==agents", "--memory", "64m", EngineDaemon.IMAGE, "sleep", "300");
                await().atMost(WAIT).untilAsserted(() -> assertThat(cli.run("task", "list", "--job", "on-agent").out())
                        .containsPattern("on-agent-\\S+ .*running.*agent-1"));
                assertThat(run(docker, "-H", server.dockerApi().toString(), "ps", "--format", "{{.Names}} {{.Status}}"))
                        .contains("on-agent Up");
                run(docker, "-H", server.dockerApi().toString(), "rm", "-f", onAgent);
                await().atMost(WAIT).until(() -> dockerd.docker("ps", "-aq", "--filter", "label=io.layerx.job=on-agent").isBlank()
                        && dockerd.docker("ps", "-q").isBlank());
            }
        } finally {
            EngineDaemon.delete(scratch);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}

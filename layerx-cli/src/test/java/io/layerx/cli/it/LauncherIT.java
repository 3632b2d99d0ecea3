package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./layerx} launcher script itself: {@code up} serves with sim-a, sim-b and a local agent cluster whose
 * first job is a real process, the launcher's PID is the JVM (exec), and SIGTERM to that PID stops it.
 */
class LauncherIT {

    @TempDir
    Path dir;

    /** examples/hello.yaml runs on the local agent as a process under the up JVM, logs, and stops. */
    private static void aNewcomersFirstJobRunsARealProcess(Cli cli, ChildProcess up, Path root) {
        Cli.Result run = cli.run("job", "run", root.resolve("examples/hello.yaml").toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode tasks = Codec.mapper().readTree(cli.run("task", "list", "--job", "hello", "-o", "json").out());
            return tasks.size() == 1 && tasks.get(0).get("state").asText().equals("running")
                    ? tasks.get(0).get("id").asText() : null;
        }, java.util.Objects::nonNull);
        assertThat(up.handle().descendants()).as("the task's process runs under the up JVM")
                .anySatisfy(p -> assertThat(p.info().commandLine().orElse("")).contains("hello from"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cli.run("task", "logs", id).out())
                .contains("hello from " + id));
        assertThat(cli.run("job", "stop", "hello").exit()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> up.handle().descendants()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("hello from")));
    }

    @Test
    void upServesTwoSimulatedClustersAndSigtermToTheLauncherStopsTheJvm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        Path root = Repo.root();
        List<String> command = List.of(root.resolve("layerx").toString(), "up", "--data", data.toString(),
                "--listen", "127.0.0.1:" + port, "--docker-api", "127.0.0.1:0", "--kube-api", "127.0.0.1:0", "--mesos-api", "127.0.0.1:0");
        try (ChildProcess up = ChildProcess.start(command, dir, Map.of("HOME", dir.resolve("home").toString()),
                dir.resolve("logs"))) {
            URI address = URI.create("http://127.0.0.1:" + port);
            up.awaitHealthy(address, Duration.ofSeconds(60));
            up.awaitStdout("(Stop with Ctrl-C)", Duration.ofSeconds(30));
            assertThat(up.stdout()).contains("LayerX is up at " + address, data.resolve("admin-token").toString(),
                    "export LAYERX_ADDR=" + address, "cluster list", "job run " + root.resolve("examples/web.yaml"),
                    "task list --job web", "Docker API:   tcp://127.0.0.1:", "Kubernetes:   https://127.0.0.1:",
                    "export KUBECONFIG=" + data.resolve("kubeconfig"));
            assertThat(data.resolve("kubeconfig")).isRegularFile();
            assertThat(up.handle().info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));

            String token = Files.readString(data.resolve("admin-token")).strip();
            Cli cli = new Cli(Map.of("LAYERX_ADDR", address.toString(), "LAYERX_TOKEN", token),
                    dir.resolve("home"));
            Cli.Result clusters = cli.run("cluster", "list");
            assertThat(clusters.exit()).as(clusters.toString()).isZero();
            assertThat(clusters.out()).containsPattern("sim-a +sim +8 ").containsPattern("sim-b +sim +8 ")
                    .containsPattern("local +agent +1 ");
            aNewcomersFirstJobRunsARealProcess(cli, up, root);

            up.terminate();
            up.awaitExit(Duration.ofSeconds(30));
            assertThat(up.handle().isAlive()).isFalse();
        } finally {
            CgroupCleanup.remove("local-1");
        }
    }
}

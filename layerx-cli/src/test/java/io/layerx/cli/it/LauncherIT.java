package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.Cli;
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
 * The {@code ./layerx} launcher script itself: {@code up} serves with sim-a and sim-b, the launcher's PID is the JVM
 * (exec), and SIGTERM to that PID stops it.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void upServesTwoSimulatedClustersAndSigtermToTheLauncherStopsTheJvm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        Path root = Repo.root();
        List<String> command = List.of(root.resolve("layerx").toString(), "up", "--data", data.toString(),
                "--listen", "127.0.0.1:" + port, "--docker-api", "127.0.0.1:0");
        try (ChildProcess up = ChildProcess.start(command, dir, Map.of("HOME", dir.resolve("home").toString()),
                dir.resolve("logs"))) {
            URI address = URI.create("http://127.0.0.1:" + port);
            up.awaitHealthy(address, Duration.ofSeconds(60));
            up.awaitStdout("(Stop with Ctrl-C)", Duration.ofSeconds(30));
            assertThat(up.stdout()).contains("LayerX is up at " + address, data.resolve("admin-token").toString(),
                    "export LAYERX_ADDR=" + address, "cluster list", "job run " + root.resolve("examples/web.yaml"),
                    "task list --job web", "Docker API:   tcp://127.0.0.1:");
            assertThat(up.handle().info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));

            String token = Files.readString(data.resolve("admin-token")).strip();
            Cli.Result clusters = new Cli(Map.of("LAYERX_ADDR", address.toString(), "LAYERX_TOKEN", token),
                    dir.resolve("home")).run("cluster", "list");
            assertThat(clusters.exit()).as(clusters.toString()).isZero();
            assertThat(clusters.out()).containsPattern("sim-a +sim +8 ").containsPattern("sim-b +sim +8 ");

            up.terminate();
            up.awaitExit(Duration.ofSeconds(30));
            assertThat(up.handle().isAlive()).isFalse();
        }
    }
}

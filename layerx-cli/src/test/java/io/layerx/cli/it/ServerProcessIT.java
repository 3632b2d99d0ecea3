package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.Cli;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerx server} in a child JVM: serves, says where the token is, stops on SIGTERM, keeps its state. */
class ServerProcessIT {

    @TempDir
    Path dir;

    @Test
    void servesStopsCleanlyOnSigtermAndKeepsItsState() throws Exception {
        Path data = dir.resolve("data");
        try (ChildProcess server = startServer(data, "run1")) {
            URI address = URI.create(server.awaitStdout("listening on (http://\\S+)", Duration.ofSeconds(30)));
            server.awaitHealthy(address, Duration.ofSeconds(30));
            assertThat(server.stdout()).contains("admin token file: " + data.resolve("admin-token"));

            Cli cli = cli(address, data);
            Cli.Result add = cli.run("cluster", "add", "sim", "kept", "--nodes", "2", "--cpu", "1000",
                    "--memory", "1024");
            assertThat(add.exit()).as(add.toString()).isZero();

            server.terminate();
            server.awaitExit(Duration.ofSeconds(30));
            assertThat(server.stderr()).contains("LayerX: stopped");
        }
        try (ChildProcess again = startServer(data, "run2")) {
            URI address = URI.create(again.awaitStdout("listening on (http://\\S+)", Duration.ofSeconds(30)));
            Cli.Result list = cli(address, data).run("cluster", "list");
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).contains("kept");
            again.terminate();
            again.awaitExit(Duration.ofSeconds(30));
        }
    }

    private ChildProcess startServer(Path data, String name) throws Exception {
        return ChildProcess.start(ChildProcess.javaMain("server", "--data", data.toString(), "--listen",
                "127.0.0.1:0"), dir, Map.of(), dir.resolve(name));
    }

    private Cli cli(URI address, Path data) throws Exception {
        String token = Files.readString(data.resolve("admin-token")).strip();
        return new Cli(Map.of("LAYERX_ADDR", address.toString(), "LAYERX_TOKEN", token), dir.resolve("home"));
    }
}

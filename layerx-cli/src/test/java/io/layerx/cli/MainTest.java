package io.layerx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path home;

    private Cli cli(Map<String, String> env) {
        return new Cli(env, home);
    }

    @Test
    void noCommandIsAUsageErrorListingTheCommands() {
        Cli.Result r = cli(Map.of()).run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error: 'layerx' needs a command: ").contains("cluster", "job", "task", "node");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result r = cli(Map.of()).run("jbo", "list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("Error: unknown command 'jbo' for 'layerx'").contains("See 'layerx --help'.");
    }

    @Test
    void missingRequiredOptionsAreNamed() {
        Cli.Result r = cli(Map.of()).run("cluster", "add", "sim", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Error: a sim cluster needs --nodes, --cpu, --memory")
                .contains("See 'layerx cluster add --help'.");
    }

    @Test
    void unknownClusterKindIsAUsageError() {
        Cli.Result r = cli(Map.of()).run("cluster", "add", "k8s", "x", "--nodes", "1", "--cpu", "1", "--memory", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Error: unknown cluster kind 'k8s' (kinds: sim, docker, kubernetes, agent)");
    }

    @Test
    void badOutputFormatIsAUsageError() {
        Cli.Result r = cli(Map.of()).run("task", "list", "-o", "xml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Error: Invalid value for option '--output'", "xml");
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        Cli.Result r = cli(Map.of()).run("job", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: layerx job", "run", "list", "status", "stop");
    }

    @Test
    void aServerThatIsNotRunningGetsOneClearLineAndExitOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String addr = "http://127.0.0.1:" + port;
        Cli.Result r = cli(Map.of("LAYERX_ADDR", addr)).run("cluster", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "Error: cannot reach LayerX at " + addr + ": is the server running? (layerx up)"
                        + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingJobFileIsAUserError() {
        Cli.Result r = cli(Map.of()).run("job", "run", home.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: cannot read job file ").contains("no such file");
    }

    @Test
    void anInvalidAddressIsAUserError() {
        Cli.Result r = cli(Map.of("LAYERX_ADDR", "ftp://x:1")).run("job", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: invalid LayerX address 'ftp://x:1'");
    }
}

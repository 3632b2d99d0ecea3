package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens: a wrong or missing one gets a clear 401, and a local up's token file is used when none is given. */
class AuthIT {

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Cli cli(Map<String, String> env, String home) {
        return new Cli(env, dir.resolve(home));
    }

    @Test
    void aWrongTokenGetsAClear401AndExitOne() {
        Cli.Result r = cli(Map.of("LAYERX_ADDR", server.address().toString(), "LAYERX_TOKEN", "wrong"), "h1")
                .run("cluster", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Error: not authorized (401): ").contains("LAYERX_TOKEN")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void theTokenFlagBeatsTheEnvironment() {
        Cli.Result r = cli(Map.of("LAYERX_TOKEN", "wrong"), "h2")
                .run("cluster", "list", "--addr", server.address().toString(), "--token", server.token());
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void noTokenAtAllIsA401Too() {
        Cli.Result r = cli(Map.of("LAYERX_ADDR", server.address().toString()), "h3").run("job", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: not authorized (401): ");
    }

    @Test
    void withoutATokenTheLocalUpTokenFileIsUsed() throws Exception {
        Path file = dir.resolve("h4/.layerx/up/admin-token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, server.token() + "\n");
        Cli.Result r = cli(Map.of("LAYERX_ADDR", server.address().toString()), "h4").run("job", "list");
        assertThat(r.exit()).as(r.toString()).isZero();
    }
}

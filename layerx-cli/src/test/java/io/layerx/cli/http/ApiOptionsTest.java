package io.layerx.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiOptionsTest {

    @TempDir
    Path home;

    private ApiOptions options(Map<String, String> env, String... args) {
        ApiOptions o = new ApiOptions(new Context(env, home, new ByteArrayInputStream(new byte[0]),
                InstantSource.system()));
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void addressDefaultsToLocalUp() {
        assertThat(options(Map.of()).address()).isEqualTo(URI.create("http://127.0.0.1:7470"));
    }

    @Test
    void flagBeatsEnvironmentAndBareHostPortGetsHttp() {
        assertThat(options(Map.of("LAYERX_ADDR", "http://a:1")).address()).isEqualTo(URI.create("http://a:1"));
        assertThat(options(Map.of("LAYERX_ADDR", "http://a:1"), "--addr", "b:2/").address())
                .isEqualTo(URI.create("http://b:2"));
    }

    @Test
    void severalServersAreReadInOrderFromTheFlagOrTheEnvironment() {
        assertThat(options(Map.of("LAYERX_ADDR", "a:1, http://b:2/,c:3")).addresses())
                .containsExactly(URI.create("http://a:1"), URI.create("http://b:2"), URI.create("http://c:3"));
        assertThat(options(Map.of(), "--server", "x:1,y:2").addresses())
                .containsExactly(URI.create("http://x:1"), URI.create("http://y:2"));
        assertThat(options(Map.of(), "--server", "x:1,y:2").address()).isEqualTo(URI.create("http://x:1"));
        assertThatThrownBy(() -> options(Map.of(), "--addr", " , ").addresses())
                .isInstanceOf(CommandError.class).hasMessageContaining("invalid LayerX address");
        assertThatThrownBy(() -> options(Map.of(), "--addr", "a:1,http://").addresses())
                .isInstanceOf(CommandError.class).hasMessageContaining("invalid LayerX address 'http://'");
    }

    @Test
    void addressWithoutHostIsRefused() {
        assertThatThrownBy(() -> options(Map.of(), "--addr", "http://").address())
                .isInstanceOf(CommandError.class).hasMessageContaining("invalid LayerX address");
    }

    @Test
    void tokenComesFromFlagThenEnvironmentThenTheLocalUpTokenFile() throws IOException {
        assertThat(options(Map.of())).extracting(ApiOptions::token).isEqualTo(java.util.Optional.empty());
        Path file = home.resolve(".layerx/up/admin-token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "from-file\n");
        assertThat(options(Map.of()).token()).contains("from-file");
        assertThat(options(Map.of("LAYERX_TOKEN", "from-env")).token()).contains("from-env");
        assertThat(options(Map.of("LAYERX_TOKEN", "from-env"), "--token", "from-flag").token()).contains("from-flag");
    }
}

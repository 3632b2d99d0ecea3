package io.layerx.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.cli.CommandError;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForegroundTest {

    @TempDir
    Path dir;

    @Test
    void anAddressInUseIsNamedWithTheOptionThatSetsIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ListenAddress busy = new ListenAddress("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> Foreground.start(dir.resolve("data"), new ListenAddress("127.0.0.1", 0), busy, null, null))
                    .isInstanceOf(CommandError.class)
                    .hasMessage("cannot listen on " + busy + " (--docker-api): the address is in use"
                            + " (is another LayerX running? stop it, or pick other addresses)");
        }
        assertThat(dir.resolve("data")).isDirectory();
    }
}

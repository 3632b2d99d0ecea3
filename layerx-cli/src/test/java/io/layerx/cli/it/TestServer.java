package io.layerx.cli.it;

import io.layerx.cli.Cli;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real LayerX server in this JVM on a free loopback port, and CLIs pointed at it. */
final class TestServer implements AutoCloseable {

    private final LayerXServer server;
    private final String token;

    private TestServer(LayerXServer server, String token) {
        this.server = server;
        this.token = token;
    }

    static TestServer start(Path dataDir) {
        LayerXServer server = LayerXServer.start(new ServerConfig(dataDir, "127.0.0.1", 0));
        try {
            return new TestServer(server, Files.readString(server.adminTokenFile()).strip());
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
    }

    URI address() {
        return server.address();
    }

    String token() {
        return token;
    }

    /** The CLI with LAYERX_ADDR and LAYERX_TOKEN set for this server, and an empty home. */
    Cli cli(Path home) {
        return new Cli(Map.of("LAYERX_ADDR", address().toString(), "LAYERX_TOKEN", token), home);
    }

    @Override
    public void close() {
        server.close();
    }
}

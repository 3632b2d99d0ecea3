package io.layerx.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server keeps its data and where it listens.
 *
 * @param dataDir the data folder: {@code store/} and the {@code admin-token} file live in it; made when missing
 * @param host    the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port    the port to bind; 0 picks a free one ({@link LayerXServer#address()} tells which)
 */
public record ServerConfig(Path dataDir, String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7470;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
}

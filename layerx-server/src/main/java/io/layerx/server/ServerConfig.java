package io.layerx.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server keeps its data and where it listens.
 *
 * @param dataDir   the data folder: the admin token file lives in it, and with the embedded store {@code store/}
 *                  too; made when missing
 * @param host      the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port      the port to bind; 0 picks a free one ({@link LayerXServer#address()} tells which)
 * @param store     the embedded store (the default) or etcd
 * @param advertise the address other servers forward requests to when this one leads ({@code null}: the address
 *                  it listens on); needed on etcd when it binds a wildcard address on several machines
 */
public record ServerConfig(Path dataDir, String host, int port, StoreChoice store, URI advertise) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7470;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        store = store == null ? new StoreChoice.Embedded() : store;
    }

    /** A server on the embedded store. */
    public ServerConfig(Path dataDir, String host, int port) {
        this(dataDir, host, port, new StoreChoice.Embedded(), null);
    }
}

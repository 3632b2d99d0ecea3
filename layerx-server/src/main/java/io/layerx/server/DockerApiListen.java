package io.layerx.server;

import java.util.Objects;

/**
 * Where the server serves the Docker Engine API ({@code layerx server --docker-api HOST:PORT}). It has no
 * authentication, as dockerd without TLS: keep it on loopback or a trusted network.
 *
 * @param port 0 picks a free one ({@link LayerXServer#dockerApi()} tells which)
 */
public record DockerApiListen(String host, int port) {
    public DockerApiListen {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
}

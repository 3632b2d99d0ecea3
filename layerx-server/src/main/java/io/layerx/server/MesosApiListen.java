package io.layerx.server;

import java.util.Objects;

/**
 * Where the server serves the Mesos v1 scheduler API ({@code layerx server --mesos-api HOST:PORT}), for Mesos
 * frameworks at {@code http://HOST:PORT/api/v1/scheduler}. It has no authentication, as a Mesos master without
 * framework authentication: keep it on loopback or a trusted network.
 *
 * @param port 0 picks a free one ({@link LayerXServer#mesosApi()} tells which)
 */
public record MesosApiListen(String host, int port) {
    public MesosApiListen {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
}

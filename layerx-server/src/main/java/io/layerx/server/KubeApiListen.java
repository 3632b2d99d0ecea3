package io.layerx.server;

import java.util.Objects;

/**
 * Where the server serves the Kubernetes API for kubectl ({@code layerx server --kube-api HOST:PORT}). Requests need
 * the admin token; the server writes a kubeconfig with it into the data folder ({@link LayerXServer#kubeconfig()}).
 *
 * @param port 0 picks a free one ({@link LayerXServer#kubeApi()} tells which)
 */
public record KubeApiListen(String host, int port) {
    public KubeApiListen {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
}

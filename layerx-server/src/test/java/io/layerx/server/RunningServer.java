package io.layerx.server;

import java.nio.file.Path;

/** Starts a real server on a free loopback port in {@code dir}; closing it stops the server. */
final class RunningServer implements AutoCloseable {
    final LayerXServer server;
    final ApiClient api;

    RunningServer(Path dir) {
        server = LayerXServer.start(new ServerConfig(dir, "127.0.0.1", 0));
        api = ApiClient.admin(server);
    }

    /** A small simulated cluster. */
    ApiClient.Reply addCluster(String name, int nodes) {
        return api.postJson("/v1/clusters", """
                {"name": "%s", "kind": "sim", "labels": {"zone": "z1"}, "nodes": %d, "cpu": 4000, "memory": 8192,
                 "startDelayMs": 10}""".formatted(name, nodes));
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.layerx.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a free loopback port. Either started at once in a folder ({@code new RunningServer(dir)}), and
 * closing it stops the server; or one for a whole test class, as a JUnit extension
 * ({@code @RegisterExtension static final RunningServer running = RunningServer.perClass();}): started in a fresh
 * temporary folder before the class's tests, stopped and its folder deleted after them.
 */
final class RunningServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** Set once the server started. */
    LayerXServer server;
    /** Set once the server started; it carries the admin token. */
    ApiClient api;
    private Path ownDir;

    RunningServer(Path dir) {
        start(dir);
    }

    private RunningServer() {
    }

    /** A server per test class, for {@code @RegisterExtension} on a static field. */
    static RunningServer perClass() {
        return new RunningServer();
    }

    private void start(Path dir) {
        server = LayerXServer.start(new ServerConfig(dir, "127.0.0.1", 0));
        api = ApiClient.admin(server);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ownDir = Files.createTempDirectory("layerx-server-");
        start(ownDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            try (Stream<Path> walk = Files.walk(ownDir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
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

package io.layerx.provider.task.docker;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Cluster;
import io.layerx.provider.resource.docker.DockerProvider;
import io.layerx.service.ControlPlane;
import io.layerx.testkit.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A pool for the Docker API tests: two real engines (dockerd as node dk-01, podman as dk-02) form docker cluster
 * {@code dk} under a real core, and the Docker API serves it on a free loopback port.
 */
final class DockerPool implements AutoCloseable {

    final Path scratch;
    final EngineDaemon dockerd;
    final EngineDaemon podman;
    final InMemoryStore store;
    final LayerXCore core;
    final DockerApi api;

    private DockerPool(Path scratch, EngineDaemon dockerd, EngineDaemon podman, InMemoryStore store, LayerXCore core,
                       DockerApi api) {
        this.scratch = scratch;
        this.dockerd = dockerd;
        this.podman = podman;
        this.store = store;
        this.core = core;
        this.api = api;
    }

    static DockerPool start() throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "lxa");
        EngineDaemon dockerd = null;
        EngineDaemon podman = null;
        InMemoryStore store = null;
        LayerXCore core = null;
        try {
            dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
            podman = EngineDaemon.start(EngineDaemon.Kind.PODMAN, scratch);
            store = new InMemoryStore();
            DockerProvider docker = new DockerProvider();
            core = LayerXCore.start(store, new CoreOptions(2, Duration.ofSeconds(30), InstantSource.system(),
                    new SimpleMeterRegistry()), List.of(docker));
            core.controlPlane().addCluster(new Cluster("dk", "docker", Map.of("site", "lab"), Map.of("endpoints",
                    dockerd.endpoint() + "," + podman.endpoint(), "network", "none", "probeMs", "300",
                    "stopTimeoutSec", "1"), null));
            DockerApi api = DockerApi.start(core.controlPlane(), docker.engines(), "127.0.0.1", 0);
            return new DockerPool(scratch, dockerd, podman, store, core, api);
        } catch (Exception | Error e) {
            if (core != null) core.close();
            if (store != null) store.close();
            if (podman != null) podman.close();
            if (dockerd != null) dockerd.close();
            EngineDaemon.delete(scratch);
            throw e;
        }
    }

    ControlPlane controlPlane() {
        return core.controlPlane();
    }

    String host() {
        return "tcp://127.0.0.1:" + api.port();
    }

    EngineDaemon engineOf(String node) {
        return node.equals("dk-01") ? dockerd : podman;
    }

    @Override
    public void close() throws Exception {
        try (EngineDaemon d = dockerd; EngineDaemon p = podman) {
            api.close();
            core.close();
            store.close();
        } finally {
            EngineDaemon.delete(scratch);
        }
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.cli.Cli;
import io.layerx.model.Cluster;
import io.layerx.model.Task;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.server.StoreChoice;
import io.layerx.service.ControlPlane;
import io.layerx.service.TaskFilter;
import io.layerx.store.etcd.EtcdCluster;
import io.layerx.store.etcd.EtcdOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation moves from the embedded store to etcd and back with {@code layerx store export} and
 * {@code layerx store import}: every cluster, job and task comes along, and the server on the new store carries on.
 */
class StoreMoveIT {

    @TempDir
    Path dir;

    @Test
    void anInstallationMovesFromTheEmbeddedStoreToEtcdAndBack() throws Exception {
        Path embedded = dir.resolve("embedded");
        Cli cli = new Cli(Map.of(), dir.resolve("home"));
        Map<String, String> before;
        try (TestServer server = TestServer.start(embedded)) {
            Cli api = server.cli(dir.resolve("home"));
            assertThat(api.run("cluster", "add", "sim", "sim-a", "--nodes", "4", "--cpu", "4000", "--memory", "8192")
                    .exit()).isZero();
            Path job = dir.resolve("web.yaml");
            Files.writeString(job, """
                    name: web
                    type: service
                    replicas: 3
                    task: {command: ["sleep", "3600"], resources: {cpu: 100, memory: 64}}
                    """);
            assertThat(api.run("job", "run", job.toString()).exit()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.run("task", "list", "--job", "web",
                    "--state", "running", "-o", "json").out().split("\"id\"").length - 1 == 3);
        }
        Path file = dir.resolve("install.snapshot");
        Cli.Result exported = cli.run("store", "export", file.toString(), "--data", embedded.toString());
        assertThat(exported.exit()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("exported ", " keys at revision ");
        try (LayerXServer again = LayerXServer.start(new ServerConfig(embedded, "127.0.0.1", 0))) {
            before = placements(again.controlPlane());
        }
        assertThat(before).hasSize(3);

        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1)) {
            String[] onEtcd = {"--store", "etcd", "--etcd-endpoints", etcd.endpointList(), "--etcd-prefix", "/moved"};
            Cli.Result imported = cli.run(concat(new String[] {"store", "import", file.toString()}, onEtcd));
            assertThat(imported.exit()).as(imported.toString()).isZero();
            Cli.Result twice = cli.run(concat(new String[] {"store", "import", file.toString()}, onEtcd));
            assertThat(twice.exit()).as("an import run again changes nothing: %s", twice).isZero();

            StoreChoice store = new StoreChoice.Etcd(new EtcdOptions(etcd.endpoints(), "/moved"));
            try (LayerXServer onEtcdServer = LayerXServer.start(new ServerConfig(dir.resolve("s"), "127.0.0.1", 0,
                    store, null))) {
                ControlPlane cp = awaitLeading(onEtcdServer);
                assertThat(placements(cp)).isEqualTo(before);
                assertThat(cp.clusters()).extracting(c -> c.cluster().name()).containsExactly("sim-a");
            }

            Path back = dir.resolve("back.snapshot");
            assertThat(cli.run(concat(new String[] {"store", "export", back.toString()}, onEtcd)).exit()).isZero();
            Path fresh = dir.resolve("fresh");
            Cli.Result home = cli.run("store", "import", back.toString(), "--data", fresh.toString());
            assertThat(home.exit()).as(home.toString()).isZero();
            try (LayerXServer last = LayerXServer.start(new ServerConfig(fresh, "127.0.0.1", 0))) {
                assertThat(placements(last.controlPlane())).isEqualTo(before);
            }
        }
    }

    @Test
    void aBadFileOrANonEmptyStoreIsRefusedWithEveryProblem() throws Exception {
        Cli cli = new Cli(Map.of(), dir.resolve("home"));
        Path bad = dir.resolve("bad.snapshot");
        Files.writeString(bad, """
                {"format": "layerx-snapshot", "version": 1, "revision": 9, "keys": 3}
                {"key": "/jobs/a", "value": "e30="}
                {"key": "/jobs/b", "value": "not base64!"}
                {"value": "e30="}
                """);
        Cli.Result r = cli.run("store", "import", bad.toString(), "--data", dir.resolve("d").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("is not valid", "line 3: the value of /jobs/b is not base64",
                "line 4: expected {\"key\"");

        Files.writeString(bad, "hello\n");
        assertThat(cli.run("store", "import", bad.toString(), "--data", dir.resolve("d").toString()).err())
                .contains("not a LayerX snapshot");

        assertThat(cli.run("store", "import", dir.resolve("missing").toString()).err()).contains("no such file");
        assertThat(cli.run("store", "export", "x", "--store", "etcd").err())
                .contains("--store etcd needs --etcd-endpoints");
        assertThat(cli.run("store", "export", "x", "--store", "zk").err()).contains("is not one of embedded, etcd");

        Path data = dir.resolve("used");
        try (TestServer server = TestServer.start(data)) {
            assertThat(server.cli(dir.resolve("home")).run("cluster", "add", "sim", "sim-a", "--nodes", "1", "--cpu",
                    "1000", "--memory", "1024").exit()).isZero();
            Cli.Result busy = cli.run("store", "export", dir.resolve("x").toString(), "--data", data.toString());
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.err()).contains("cannot open the store", "stop it first");
        }
        Path one = dir.resolve("one.snapshot");
        Files.writeString(one, """
                {"format": "layerx-snapshot", "version": 1, "revision": 1, "keys": 1}
                {"key": "/clusters/other", "value": "e30="}
                """);
        Cli.Result full = cli.run("store", "import", one.toString(), "--data", data.toString());
        assertThat(full.exit()).isEqualTo(1);
        assertThat(full.err()).contains("the store is not empty", "the store already holds /clusters/sim-a");
    }

    private static ControlPlane awaitLeading(LayerXServer server) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> server.controlPlane().jobs() != null);
        return server.controlPlane();
    }

    /** Task id to node and state. */
    private static Map<String, String> placements(ControlPlane cp) {
        List<Task> tasks = cp.tasks(TaskFilter.ALL);
        return tasks.stream().collect(Collectors.toMap(Task::id, t -> t.node() + " " + t.state()));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.cli.Cli;
import io.layerx.server.LayerXServer;
import io.layerx.server.MesosApiListen;
import io.layerx.server.ServerConfig;
import io.layerx.testkit.Clusters;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerx framework list|get|teardown} against a real server serving the Mesos API, with a framework
 * subscribed over plain HTTP and JSON (as curl would); its gauges on {@code /metrics}.
 */
class FrameworkCommandsIT {

    @TempDir
    static Path dir;

    static LayerXServer server;
    static Cli cli;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = LayerXServer.start(new ServerConfig(dir.resolve("data"), "127.0.0.1", 0), null, new MesosApiListen("127.0.0.1", 0));
        server.controlPlane().addCluster(Clusters.sim("sim", 2, 2000, 2048));
        cli = new Cli(Map.of("LAYERX_ADDR", server.address().toString(), "LAYERX_TOKEN",
                Files.readString(server.adminTokenFile()).strip()), dir.resolve("home"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        http.shutdownNow();
    }

    private static HttpResponse<InputStream> subscribe(String name) throws Exception {
        String body = """
                {"type": "SUBSCRIBE", "subscribe": {"framework_info": {"user": "root", "name": "%s", "failover_timeout": 60}}}"""
                .formatted(name);
        return http.send(HttpRequest.newBuilder(server.mesosApi()).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void listsShowsAndTearsDownAFramework() throws Exception {
        HttpResponse<InputStream> stream = subscribe("cli-fw");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        String first = new String(stream.body().readNBytes(200));
        String id = first.replaceAll("(?s).*\"framework_id\":\\{\"value\":\"([^\"]+)\".*", "$1");
        assertThat(first).contains("\"type\":\"SUBSCRIBED\"");

        Cli.Result list = cli.run("framework", "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("ID", "CONNECTED", id, "cli-fw", "true");
        Cli.Result get = cli.run("framework", "get", id);
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).contains("Name", "cli-fw", "Failover timeout", "60.0s");

        HttpRequest metrics = HttpRequest.newBuilder(server.address().resolve("/metrics"))
                .header("Authorization", "Bearer " + Files.readString(server.adminTokenFile()).strip()).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.send(metrics, HttpResponse.BodyHandlers.ofString()).body())
                .contains("layerx_mesos_frameworks{state=\"connected\"} 1.0", "layerx_mesos_offers 2.0",
                        "layerx_mesos_framework_changes_total{change=\"subscribed\"} 1.0"));

        Cli.Result down = cli.run("framework", "teardown", id);
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(down.out()).contains("framework " + id + " torn down");
        // the stream ends with the teardown
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.body().readAllBytes() != null);
        Cli.Result gone = cli.run("framework", "get", id);
        assertThat(gone.exit()).as(gone.toString()).isEqualTo(1);
        assertThat(gone.err()).contains("no framework " + id);
        assertThat(http.send(metrics, HttpResponse.BodyHandlers.ofString()).body())
                .contains("layerx_mesos_framework_changes_total{change=\"torn_down\"} 1.0");
        stream.body().close();
    }
}

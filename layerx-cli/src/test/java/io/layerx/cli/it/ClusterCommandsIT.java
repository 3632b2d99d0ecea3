package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** cluster and node commands against a real server over loopback HTTP. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCommandsIT {

    @TempDir
    static Path dir;

    static TestServer server;
    static Cli cli;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
        cli = server.cli(dir.resolve("home"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static JsonNode json(Cli.Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        return Codec.mapper().readTree(r.out());
    }

    @Test
    @Order(1)
    void addsASimulatedCluster() {
        Cli.Result r = cli.run("cluster", "add", "sim", "sim-a", "--nodes", "8", "--cpu", "4000", "--memory", "8192",
                "--labels", "zone=z1", "--start-delay", "100ms");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("cluster sim-a added (8 nodes)" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    @Order(2)
    void addingItAgainIsAConflictWithExitOne() {
        Cli.Result r = cli.run("cluster", "add", "sim", "sim-a", "--nodes", "1", "--cpu", "1", "--memory", "1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("sim-a").doesNotContain("Exception", "\tat ");
    }

    @Test
    @Order(2)
    void badSettingsGetEveryProblemOnItsOwnLine() {
        Cli.Result r = cli.run("cluster", "add", "sim", "bad", "--nodes", "-1", "--cpu", "-2", "--memory", "1");
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines.getFirst()).startsWith("Error: ");
        assertThat(lines.subList(1, lines.size())).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l).startsWith("  "))
                .anySatisfy(l -> assertThat(l).contains("nodes"))
                .anySatisfy(l -> assertThat(l).contains("cpu"));
    }

    @Test
    @Order(3)
    void listsClustersAsATableJsonAndYaml() throws Exception {
        Cli.Result table = cli.run("cluster", "list");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList().getFirst())
                .matches("NAME +KIND +NODES +READY +CPU +MEM +TASKS +LABELS +AGE");
        assertThat(table.out()).containsPattern("sim-a +sim +8 +\\d+ +\\d+m/32000m +\\d+Mi/65536Mi +0 +zone=z1 ");

        JsonNode clusters = json(cli.run("cluster", "list", "-o", "json"));
        assertThat(clusters.isArray()).isTrue();
        assertThat(clusters.get(0).path("name").asText()).isEqualTo("sim-a");
        assertThat(clusters.get(0).path("kind").asText()).isEqualTo("sim");
        assertThat(clusters.get(0).path("nodes").asInt()).isEqualTo(8);

        Cli.Result yaml = cli.run("cluster", "list", "-o", "yaml");
        assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(clusters);
    }

    @Test
    @Order(3)
    void getsOneClusterOrSaysItIsNotThere() throws Exception {
        Cli.Result r = cli.run("cluster", "get", "sim-a");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Name:", "sim-a", "Kind:", "Labels:", "zone=z1");
        assertThat(json(cli.run("cluster", "get", "sim-a", "-o", "json")).path("name").asText()).isEqualTo("sim-a");

        Cli.Result missing = cli.run("cluster", "get", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: ").contains("nope");
    }

    @Test
    @Order(4)
    void listsTheNodesOfACluster() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode nodes = json(cli.run("node", "list", "--cluster", "sim-a", "-o", "json"));
            assertThat(nodes).hasSize(8).allSatisfy(n -> {
                assertThat(n.path("cluster").asText()).isEqualTo("sim-a");
                assertThat(n.path("state").asText()).isEqualTo("ready");
                assertThat(n.path("capacity").path("cpu").asLong()).isEqualTo(4000);
                assertThat(n.has("allocated")).isTrue();
            });
        });
        Cli.Result table = cli.run("node", "list");
        assertThat(table.out().lines().toList().getFirst()).matches("NAME +CLUSTER +STATE +CPU +MEM +TASKS +AGE");
        assertThat(table.out().lines()).hasSize(9);
    }

    @Test
    @Order(5)
    void failsASimulatedNode() throws Exception {
        List<String> names = new ArrayList<>();
        json(cli.run("node", "list", "--cluster", "sim-a", "-o", "json"))
                .forEach(n -> names.add(n.path("name").asText()));
        String victim = names.getFirst();
        Cli.Result r = cli.run("node", "fail", victim);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("node " + victim + " failed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(cli.run("node", "get", victim, "-o", "json")).path("state").asText())
                        .isEqualTo("lost"));
    }

    @Test
    @Order(6)
    void zonesSpreadTheNodesOverZoneLabels() throws Exception {
        Cli.Result r = cli.run("cluster", "add", "sim", "zoned", "--nodes", "4", "--cpu", "1000", "--memory", "1024",
                "--zones", "2");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> zones = new ArrayList<>();
        json(cli.run("node", "list", "--cluster", "zoned", "-o", "json"))
                .forEach(n -> zones.add(n.path("labels").path("zone").asText()));
        assertThat(zones).containsExactlyInAnyOrder("z1", "z2", "z1", "z2");
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerx task migrate} and {@code layerx cluster drain}: running tasks move to another cluster, start before
 * stop; bad moves say why.
 */
class TaskMigrateIT {

    @TempDir
    static Path dir;

    static TestServer server;
    static Cli cli;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir.resolve("data"));
        cli = server.cli(dir.resolve("home"));
        addCluster("east");
        Path f = dir.resolve("api.yaml");
        Files.writeString(f, """
                name: api
                replicas: 2
                task: {command: [sleep, "3600"], resources: {cpu: 500, memory: 64}}
                """);
        assertThat(cli.run("job", "run", f.toString()).exit()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks("running").size() == 2);
        addCluster("west");
    }

    private static void addCluster(String name) {
        Cli.Result r = cli.run("cluster", "add", "sim", name, "--nodes", "2", "--cpu", "4000", "--memory", "8192");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aRunningTaskMovesToTheNamedNodeThenDrainingItsClusterMovesTheRest() {
        String id = tasks("running").get(0).path("id").asText();
        Cli.Result r = cli.run("task", "migrate", id, "--to", "west-02");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("moving " + id + " to west-02 as ").contains("moved " + id + " to west-02");
        JsonNode original = json(cli.run("task", "get", id, "-o", "json"));
        assertThat(original.path("state").asText()).isEqualTo("killed");
        assertThat(original.path("reason").asText()).startsWith("migrated to west-02");
        assertThat(tasks("running")).hasSize(2).anySatisfy(t -> {
            assertThat(t.path("node").asText()).isEqualTo("west-02");
            assertThat(t.path("replaces").asText()).isEqualTo(id);
        });

        Cli.Result drain = cli.run("cluster", "drain", "east");
        assertThat(drain.exit()).as(drain.toString()).isZero();
        assertThat(drain.out()).contains("node east-01 draining").contains("node east-02 draining");
        await().atMost(Duration.ofSeconds(20)).until(() -> tasks("running").size() == 2
                && tasks("running").stream().allMatch(t -> t.path("cluster").asText().equals("west")));
        assertThat(cli.run("node", "drain", "east-01", "--undo").out()).contains("node east-01 ready");

        Cli.Result ready = cli.run("node", "remove", "east-01");
        assertThat(ready.exit()).isEqualTo(1);
        assertThat(ready.err()).contains("node east-01 is ready and may take work; drain it first");
        Cli.Result removed = cli.run("node", "remove", "east-02");
        assertThat(removed.exit()).as(removed.toString()).isZero();
        assertThat(removed.out()).contains("node east-02 removed");
        assertThat(cli.run("node", "list", "--cluster", "east", "-o", "json").out()).doesNotContain("east-02");
    }

    @Test
    void aMoveThatCannotStartIsAnErrorThatSaysWhy() {
        Cli.Result both = cli.run("task", "migrate", "x", "--to", "a", "--to-cluster", "b");
        assertThat(both.exit()).isEqualTo(2);
        Cli.Result missing = cli.run("task", "migrate", "api-nothere", "--to-cluster", "west");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no task api-nothere");
        Cli.Result nowhere = cli.run("task", "migrate", tasks("running").get(0).path("id").asText(), "--to-cluster", "south");
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.err()).contains("no cluster named 'south'");
    }

    @Test
    void aTaskIsResizedInPlaceAndABadResizeSaysWhy() {
        String id = tasks("running").get(0).path("id").asText();
        Cli.Result r = cli.run("task", "resize", id, "--cpu", "700");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("resized " + id + " in place").contains("700m cpu");
        Cli.Result template = cli.run("task", "resize", id, "--memory", "80", "--update-job");
        assertThat(template.exit()).as(template.toString()).isZero();
        assertThat(template.out()).contains("job api now starts its tasks with 700m cpu, 80");
        assertThat(json(cli.run("job", "status", "api", "-o", "json")).path("task").path("resources").path("memory").asInt())
                .isEqualTo(80);
        assertThat(tasks("running")).extracting(t -> t.path("id").asText()).contains(id);
        Cli.Result bad = cli.run("task", "resize", id, "--cpu", "-5");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("cpu must be >= 0, got -5");
    }

    @Test
    void theRebalancerIsTurnedOnAndOffAndBadSettingsAreRefused() {
        Cli.Result bad = cli.run("rebalance", "on", "--mode", "tight", "--moves-per-minute", "0");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("mode 'tight' is not one of binpack, spread")
                .contains("movesPerMinute must be between 1 and 10000, got 0");
        Cli.Result on = cli.run("rebalance", "on", "--mode", "spread", "--min-gain", "1", "--cluster", "east");
        assertThat(on.exit()).as(on.toString()).isZero();
        assertThat(on.out()).contains("Enabled:", "true").contains("spread").contains("east");
        Cli.Result off = cli.run("rebalance", "off", "-o", "json");
        assertThat(json(off).path("enabled").asBoolean()).isFalse();
        assertThat(json(cli.run("rebalance", "status", "-o", "json")).path("enabled").asBoolean()).isFalse();

        Cli.Result spreadOnArrival = cli.run("rebalance", "on", "--mode", "spread", "--on-arrival");
        assertThat(spreadOnArrival.exit()).isEqualTo(1);
        assertThat(spreadOnArrival.err()).contains("onArrival needs mode binpack");
        JsonNode arrival = json(cli.run("rebalance", "on", "--on-arrival-only", "-o", "json"));
        assertThat(arrival.path("enabled").asBoolean()).as("no continuous re-placement").isFalse();
        assertThat(arrival.path("onArrival").asBoolean()).isTrue();
        assertThat(cli.run("rebalance", "status").out()).contains("On arrival:", "a task that would open a node may move");
        assertThat(json(cli.run("rebalance", "off", "-o", "json")).path("onArrival").asBoolean()).isFalse();
    }

    private static java.util.List<JsonNode> tasks(String state) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        json(cli.run("task", "list", "--job", "api", "--state", state, "-o", "json")).forEach(out::add);
        return out;
    }

    private static JsonNode json(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        try {
            return Codec.mapper().readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

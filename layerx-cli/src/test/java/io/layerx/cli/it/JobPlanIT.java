package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerx job plan}: a dry run that says where tasks would go and which filters removed how many nodes. */
class JobPlanIT {

    @TempDir
    static Path dir;

    static TestServer server;
    static Cli cli;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
        cli = server.cli(dir.resolve("home"));
        for (String c : new String[] {"sim-a", "sim-b"}) {
            Cli.Result r = cli.run("cluster", "add", "sim", c, "--nodes", "8", "--cpu", "4000", "--memory", "8192", "--zones", "2");
            assertThat(r.exit()).as(r.toString()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String file(String name, String yaml) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    @Test
    void infeasibleJobNamesTheFiltersWithCounts() throws Exception {
        String f = file("huge", """
                name: huge
                replicas: 2
                constraints: ["cluster.name == sim-a", "node.zone == z1"]
                task: {command: [sleep, "60"], resources: {cpu: 100, memory: 10000}}
                """);
        Cli.Result r = cli.run("job", "plan", f);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("Unplaced:         2")
                .contains("constraint cluster.name == sim-a: 8 nodes")
                .contains("constraint node.zone == z1: 4 nodes")
                .contains("insufficient memory: 4 nodes");
        assertThat(cli.run("job", "list").err()).contains("No jobs found.");
    }

    @Test
    void feasibleJobShowsEveryPlacementAndChangesNothing() throws Exception {
        String f = file("fits", """
                name: fits
                replicas: 4
                spread: [{topology: zone, maxSkew: 1}]
                task: {command: [sleep, "60"], resources: {cpu: 100, memory: 100}}
                """);
        Cli.Result r = cli.run("job", "plan", f, "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode plan = Codec.mapper().readTree(r.out());
        assertThat(plan.path("placements")).hasSize(4);
        assertThat(plan.path("unplaced").asInt()).isZero();
        assertThat(cli.run("task", "list").err()).contains("No tasks found.");
    }
}

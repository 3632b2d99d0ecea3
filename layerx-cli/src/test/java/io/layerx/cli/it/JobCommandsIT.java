package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** job and task commands with the example job files, against a real server with two simulated clusters. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobCommandsIT {

    @TempDir
    static Path dir;

    static TestServer server;
    static Cli cli;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
        cli = server.cli(dir.resolve("home"));
        for (String[] c : List.of(new String[] {"sim-a", "zone=z1"}, new String[] {"sim-b", "zone=z2"})) {
            Cli.Result r = cli.run("cluster", "add", "sim", c[0], "--nodes", "8", "--cpu", "4000", "--memory", "8192",
                    "--labels", c[1]);
            assertThat(r.exit()).as(r.toString()).isZero();
        }
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
    void webRunsFiveTasksSpreadOverDistinctNodesOfSimA() throws Exception {
        Cli.Result run = cli.run("job", "run", Repo.example("web.yaml"));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("job web created (version 1)" + System.lineSeparator());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode tasks = json(cli.run("task", "list", "--job", "web", "-o", "json"));
            assertThat(tasks).hasSize(5).allSatisfy(t -> {
                assertThat(t.path("job").asText()).isEqualTo("web");
                assertThat(t.path("state").asText()).isEqualTo("running");
                assertThat(t.path("cluster").asText()).isEqualTo("sim-a");
                assertThat(t.path("id").asText()).isNotBlank();
            });
            Set<String> nodes = new HashSet<>();
            tasks.forEach(t -> nodes.add(t.path("node").asText()));
            assertThat(nodes).hasSize(5).allSatisfy(n -> assertThat(n).startsWith("sim-a"));
        });
    }

    @Test
    @Order(2)
    void runningTheSameFileAgainChangesNothing() {
        Cli.Result again = cli.run("job", "run", Repo.example("web.yaml"));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("job web unchanged (version 1)" + System.lineSeparator());
    }

    @Test
    @Order(2)
    void taskListShowsKubectlColumnsAndFilters() {
        Cli.Result table = cli.run("task", "list", "--job", "web", "--state", "running");
        assertThat(table.exit()).as(table.toString()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.getFirst()).matches("ID +JOB +STATE +NODE +CLUSTER +CPU +MEM +AGE");
        assertThat(lines.subList(1, lines.size())).hasSize(5)
                .allSatisfy(l -> assertThat(l).matches("\\S+ +web +running +sim-a\\S* +sim-a +250m +128Mi +\\S+"));

        Cli.Result none = cli.run("task", "list", "--job", "web", "--state", "failed");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("No tasks found.");
    }

    @Test
    @Order(2)
    void jobListAndStatusShowCountsAndTasks() throws Exception {
        JsonNode jobs = json(cli.run("job", "list", "-o", "json"));
        JsonNode web = jobs.get(0);
        assertThat(web.path("name").asText()).isEqualTo("web");
        assertThat(web.path("type").asText()).isEqualTo("service");
        assertThat(web.path("status").asText()).isEqualTo("running");
        assertThat(web.path("replicas").asInt()).isEqualTo(5);
        assertThat(web.path("counts").path("running").asInt()).isEqualTo(5);

        Cli.Result status = cli.run("job", "status", "web");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("Status: +running").containsPattern("Tasks: +running=5")
                .contains("Constraints:", "cluster.name == sim-a", "Placement problems:", "(none)");
        assertThat(status.out().lines().filter(l -> l.matches("\\S+ +web +running .*"))).hasSize(5);

        JsonNode statusJson = json(cli.run("job", "status", "web", "-o", "json"));
        assertThat(statusJson.path("tasks")).hasSize(5);
    }

    @Test
    @Order(2)
    void taskGetShowsOneTask() throws Exception {
        String id = json(cli.run("task", "list", "--job", "web", "-o", "json")).get(0).path("id").asText();
        Cli.Result r = cli.run("task", "get", id);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("ID: +" + id).containsPattern("State: +running").contains("sim-a");
        assertThat(json(cli.run("task", "get", id, "-o", "json")).path("id").asText()).isEqualTo(id);
        Cli.Result yaml = cli.run("task", "get", id, "-o", "yaml");
        assertThat(new YAMLMapper().readTree(yaml.out()).path("id").asText()).isEqualTo(id);
        Cli.Result missing = cli.run("task", "get", "no-such-task");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: ");
    }

    @Test
    @Order(3)
    void aBadJobFileExitsNonZeroListingAllThreeProblems() {
        Cli.Result r = cli.run("job", "run", Repo.example("bad.yaml"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines.getFirst()).startsWith("Error: ");
        List<String> details = lines.subList(1, lines.size());
        assertThat(details).allSatisfy(l -> assertThat(l).startsWith("  "));
        assertThat(details).anySatisfy(l -> assertThat(l).contains("name"))
                .anySatisfy(l -> assertThat(l).contains("sevice"))
                .anySatisfy(l -> assertThat(l).contains("cpu"));
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    @Order(3)
    void aJobFileFromStandardInput() throws Exception {
        String batch = Files.readString(Path.of(Repo.example("batch.yaml")));
        Cli.Result r = cli.withStdin(batch).run("job", "run", "-");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("job batch created");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json(cli.run("job", "status", "batch", "-o", "json")).path("status").asText())
                        .isEqualTo("complete"));
    }

    @Test
    @Order(3)
    void aFileOfSeveralJobsIsOneBatchAllOrNone() throws Exception {
        Path two = dir.resolve("two.yaml");
        Files.writeString(two, """
                name: pair-a
                replicas: 0
                task: {command: [x]}
                ---
                name: pair-b
                replicas: 0
                task: {command: [x]}
                """);
        Cli.Result r = cli.run("job", "run", two.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly("job pair-a created (version 1)", "job pair-b created (version 1)");
        Cli.Result again = cli.run("job", "run", two.toString());
        assertThat(again.out().lines()).containsExactly("job pair-a unchanged (version 1)", "job pair-b unchanged (version 1)");

        Path bad = dir.resolve("bad-pair.yaml");
        Files.writeString(bad, "name: pair-c\ntask: {command: [x]}\n---\nname: pair-d\n");
        Cli.Result refused = cli.run("job", "run", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("batch has 1 problem", "jobs[1] (pair-d): task is required")
                .doesNotContain("Exception");
        assertThat(cli.run("job", "status", "pair-c").exit()).isNotZero();
    }

    @Test
    @Order(3)
    void aFolderOfJobFilesIsOneBatchAsKubectlApplyTakesOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(folder.resolve("b.yaml"), "name: dir-b\nreplicas: 0\ntask: {command: [x]}\n");
        Files.writeString(folder.resolve("a.json"), "{\"name\": \"dir-a\", \"replicas\": 0, \"task\": {\"command\": [\"x\"]}}");
        Files.writeString(folder.resolve("c.yml"), "- {name: dir-c, replicas: 0, task: {command: [x]}}\n");
        Files.writeString(folder.resolve("notes.txt"), "not a job");
        Cli.Result r = cli.run("job", "run", folder.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly("job dir-a created (version 1)", "job dir-b created (version 1)",
                "job dir-c created (version 1)");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.Result none = cli.run("job", "run", empty.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no job files (*.yaml, *.yml, *.json) in " + empty);
    }

    @Test
    @Order(4)
    void stoppingAJobStopsItsTasks() throws Exception {
        Cli.Result r = cli.run("job", "stop", "web");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("job web stopped" + System.lineSeparator());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode job = json(cli.run("job", "status", "web", "-o", "json"));
            assertThat(job.path("stopped").asBoolean()).isTrue();
            assertThat(job.path("tasks")).allSatisfy(t -> assertThat(t.path("state").asText()).isNotEqualTo("running"));
        });
    }

    @Test
    @Order(50)
    void eventsReplaysAJobsChangesFromARevisionAndBadOptionsSayWhy() throws Exception {
        Cli.Result text = cli.run("events", "--from", "1", "--job", "web", "--kind", "job,task", "-n", "3");
        assertThat(text.exit()).as(text.toString()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).matches("\\d+ +job +put +web  version 1");
        assertThat(lines.get(1)).matches("\\d+ +task +put +web-\\S+  pending");

        Cli.Result asJson = cli.run("events", "--from", "1", "--kind", "node", "-n", "1", "-o", "json");
        JsonNode node = json(asJson);
        assertThat(node.path("kind").asText()).isEqualTo("node");
        assertThat(node.path("object").path("cluster").asText()).startsWith("sim-");

        Cli.Result bad = cli.run("events", "--kind", "pods", "--limit", "0");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--kind pods is not one of job, task, node, cluster", "--limit must be >= 1, got 0");
    }
}

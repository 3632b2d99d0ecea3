package io.layerx.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.output.Table;
import io.layerx.store.Codec;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tables and descriptions of each resource, from objects shaped as docs/api.md shows them. */
class ViewsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return Codec.mapper().readTree(text);
    }

    private static final String TASK = """
            {"id": "web-3f2a9c1d", "job": "web", "jobVersion": 1, "slot": 0, "attempt": 0, "state": "running",
             "desired": "run", "node": "sim-a-2", "cluster": "sim-a", "resources": {"cpu": 250, "memory": 128,
             "disk": 0}, "ports": {"http": 20001}, "reason": "", "exitCode": null,
             "created": "2025-06-01T11:59:15Z", "updated": "2025-06-01T11:59:16Z"}""";

    @Test
    void taskListHasTheKubectlColumns() throws Exception {
        String text = Table.of(TaskCommand.columns(NOW), json("[" + TASK + "]")).render();
        assertThat(text).isEqualTo("""
                ID             JOB   STATE     NODE      CLUSTER   CPU    MEM     AGE
                web-3f2a9c1d   web   running   sim-a-2   sim-a     250m   128Mi   45s
                """);
    }

    @Test
    void taskGetDescribesEveryField() throws Exception {
        String text = TaskCommand.describe(json(TASK), NOW);
        assertThat(text).contains("ID:           web-3f2a9c1d\n", "Job:          web (version 1)\n",
                "Ports:        http=20001\n", "Reason:       -\n", "Exit code:    -\n",
                "Created:      2025-06-01T11:59:15Z (45s ago)\n", "Memory used:  -\n");
    }

    @Test
    void nodeGetShowsTheCpuItsClusterLendsByUseOnlyWhenItLendsSome() throws Exception {
        String node = """
                {"name": "sim-a-2", "cluster": "sim-a", "provider": "sim", "state": "ready",
                 "capacity": {"cpu": 4000, "memory": 8192, "disk": 0}, "labels": {}, "address": "", "tasks": 1,
                 "joined": "2025-06-01T11:00:00Z"%s}""";
        assertThat(NodeCommand.describe(json(node.formatted(", \"reclaimedCpu\": 1500")), NOW)).containsPattern(
                "CPU lent by use: +1500m beyond capacity \\(cpu over-commit by use: reservations less recent peak use");
        assertThat(NodeCommand.describe(json(node.formatted("")), NOW)).containsPattern("CPU lent by use: +-\n");
    }

    @Test
    void nodeAndClusterListsShowUsedOverTotal() throws Exception {
        JsonNode node = json("""
                [{"name": "sim-a-2", "cluster": "sim-a", "provider": "sim", "state": "ready",
                  "capacity": {"cpu": 4000, "memory": 8192, "disk": 0}, "allocated": {"cpu": 250, "memory": 128,
                  "disk": 0}, "labels": {"zone": "z1"}, "address": "", "tasks": 1, "joined": "2025-06-01T11:00:00Z"}]
                """);
        assertThat(Table.of(NodeCommand.columns(NOW), node).render()).isEqualTo("""
                NAME      CLUSTER   STATE   CPU          MEM            TASKS   AGE
                sim-a-2   sim-a     ready   250m/4000m   128Mi/8192Mi   1       60m
                """);
        JsonNode cluster = json("""
                [{"name": "sim-a", "kind": "sim", "labels": {"zone": "z1"}, "settings": {"nodes": "8"},
                  "created": "2025-06-01T11:00:00Z", "nodes": 8, "readyNodes": 7,
                  "capacity": {"cpu": 32000, "memory": 65536, "disk": 0},
                  "allocated": {"cpu": 1250, "memory": 640, "disk": 0}, "tasks": 5}]
                """);
        assertThat(Table.of(ClusterCommand.columns(NOW), cluster).render()).isEqualTo("""
                NAME    KIND   NODES   READY   CPU            MEM             TASKS   LABELS    AGE
                sim-a   sim    8       7       1250m/32000m   640Mi/65536Mi   5       zone=z1   60m
                """);
    }

    @Test
    void jobStatusShowsFieldsCountsProblemsAndTasks() throws Exception {
        JsonNode job = json("""
                {"name": "web", "type": "service", "replicas": 5, "strategy": "spread", "priority": 50,
                 "labels": {"app": "web"}, "constraints": ["cluster.name == sim-a", "node.labels.zone != z3"],
                 "task": {"resources": {"cpu": 250, "memory": 128}}, "stopped": false, "version": 1,
                 "submitted": "2025-06-01T11:59:00Z", "status": "running", "counts": {"running": 1, "pending": 4},
                 "problems": ["sim-a: 7 nodes lack memory"], "tasks": [%s]}""".formatted(TASK));
        String text = JobCommand.describe(job, NOW);
        assertThat(text).contains("Name:         web\n", "Status:       running\n",
                "Constraints:  cluster.name == sim-a, node.labels.zone != z3\n",
                "Resources:    cpu 250m, memory 128Mi\n", "Tasks:        pending=4 running=1\n",
                "\nPlacement problems:\n  sim-a: 7 nodes lack memory\n",
                "\nTasks:\nID             JOB   STATE ");
        assertThat(Table.of(JobCommand.columns(NOW), json("[" + job + "]")).render()).isEqualTo("""
                NAME   TYPE      STATUS    REPLICAS   TASKS                 VERSION   AGE
                web    service   running   5          pending=4 running=1   1         60s
                """);
    }

    @Test
    void jobWithoutProblemsOrTasksSaysNone() throws Exception {
        String text = JobCommand.describe(json("{\"name\": \"web\", \"problems\": [], \"tasks\": []}"), NOW);
        assertThat(text).contains("\nPlacement problems:\n  (none)\n", "\nTasks:\n  (none)\n");
    }

    @Test
    void jobRunSaysWhatHappened() throws Exception {
        JsonNode v1 = json("{\"name\": \"web\", \"version\": 1}");
        JsonNode v2 = json("{\"name\": \"web\", \"version\": 2}");
        assertThat(JobCommand.Run.outcome(new ApiClient.Reply(201, v1), Optional.empty()))
                .isEqualTo("job web created (version 1)");
        assertThat(JobCommand.Run.outcome(new ApiClient.Reply(200, v1), Optional.of("1")))
                .isEqualTo("job web unchanged (version 1)");
        assertThat(JobCommand.Run.outcome(new ApiClient.Reply(200, v2), Optional.of("1")))
                .isEqualTo("job web updated (version 2)");
        assertThat(JobCommand.Run.outcome(new ApiClient.Reply(200, v2), Optional.empty()))
                .isEqualTo("job web updated (version 2)");
    }

    @Test
    void theCliReadsOnlyTheNameOfAJobFile() {
        assertThat(JobFiles.name("name: web\ntype: service\n".getBytes())).contains("web");
        assertThat(JobFiles.name("{\"name\": \"batch\"}".getBytes())).contains("batch");
        assertThat(JobFiles.name("type: sevice\n".getBytes())).isEmpty();
        assertThat(JobFiles.name(": : not yaml [".getBytes())).isEmpty();
        assertThat(JobFiles.name(new byte[0])).isEmpty();
    }

    @Test
    void aFrameworkEventSaysItsChangeAndTasks() throws Exception {
        JsonNode e = json("""
                {"revision": 42, "kind": "framework", "type": "put", "id": "fw-1",
                 "object": {"id": "fw-1", "name": "spark", "change": "failed_over", "tasks": {"t1": "mesos-a", "t2": "mesos-b"}}}""");
        assertThat(EventsCommand.describe(e)).isEqualTo("42       framework put     fw-1  failed_over spark, 2 tasks");
    }
}

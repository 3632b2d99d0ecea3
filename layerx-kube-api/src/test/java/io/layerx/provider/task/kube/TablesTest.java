package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.NodeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aPodRowShowsReadinessStatusRestartsAgeAndWideColumns() {
        ObjectNode deployment = Yaml.deployment();
        ((ObjectNode) deployment.path("metadata")).put("uid", "u-1").put("namespace", "default");
        Job job = Workloads.toJob(Kind.DEPLOYMENTS, "default", deployment, 1);
        Task running = new Task("web-0000abcd", "web", 1, 0, 2, Resources.of(250, 1024), DesiredState.RUN,
                TaskState.RUNNING, "n1", "c1", Map.of(), "", null, T0, T0, null, null, null);
        Pods.Pod pod = new Pods.Pod("default", "web-0000abcd", running, job, Kind.DEPLOYMENTS,
                new KubeObjects.Stored(deployment, 7), List.of());
        ObjectNode json = Pods.json(pod, n -> "10.0.0.1", 9);
        assertThat(json.path("spec").path("nodeName").asText()).isEqualTo("n1");
        assertThat(json.path("metadata").path("ownerReferences").path(0).path("kind").asText()).isEqualTo("Deployment");

        JsonNode table = Tables.of(Kind.PODS, List.of(json), "9", T0.plusSeconds(65));
        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Ready", "Status",
                "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(table.path("columnDefinitions").findValues("priority")).extracting(JsonNode::asInt)
                .containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(table.path("rows").path(0).path("cells").toString())
                .isEqualTo("[\"web-0000abcd\",\"1/1\",\"Running\",2,\"65s\",\"10.0.0.1\",\"n1\",\"<none>\",\"<none>\"]");
    }

    @Test
    void aFailedTaskIsAnErrorPodAndAnOomKillIsSaid() {
        Task oom = new Task("j-1", "j", 1, 0, 0, Resources.of(1, 1), DesiredState.RUN, TaskState.FAILED, "n1", "c1",
                Map.of(), "OOM killed", 137, T0, T0, null, null, null);
        assertThat(Pods.phase(oom)).isEqualTo("Failed");
        ObjectNode p = Yaml.json("{'metadata': {'name': 'j', 'labels': {}}, 'spec': {'containers': [{'name': 'c', 'image': 'x'}]}}");
        Pods.Pod pod = new Pods.Pod("default", "j", oom, null, Kind.PODS, new KubeObjects.Stored(p, 3), List.of());
        JsonNode state = Pods.json(pod, n -> null, 4).path("status").path("containerStatuses").path(0).path("state");
        assertThat(state.path("terminated").path("reason").asText()).isEqualTo("OOMKilled");
        assertThat(state.path("terminated").path("exitCode").asInt()).isEqualTo(137);
    }

    @Test
    void aNodeRowShowsItsStateAndProviderAsRole() {
        Node n = new Node("dk-01", "dk", "docker", new Resources(4000, 8192, 0), Map.of("zone", "z1"),
                NodeState.DRAINING, "tcp://10.0.0.5:2375", 0, 0, T0);
        ObjectNode json = Shapes.node(new NodeView(n, Resources.of(1000, 1024), 2), 5);
        assertThat(json.path("status").path("allocatable").path("cpu").asText()).isEqualTo("3000m");
        JsonNode row = Tables.of(Kind.NODES, List.of(json), "5", T0.plusSeconds(3600 * 5)).path("rows").path(0).path("cells");
        assertThat(row.path(0).asText()).isEqualTo("dk-01");
        assertThat(row.path(1).asText()).isEqualTo("Ready,SchedulingDisabled");
        assertThat(row.path(2).asText()).isEqualTo("docker");
        assertThat(row.path(3).asText()).isEqualTo("5h");
        assertThat(row.path(5).asText()).isEqualTo("10.0.0.5");
    }
}

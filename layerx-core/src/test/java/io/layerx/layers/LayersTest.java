package io.layerx.layers;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Cluster;
import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.ControlPlane;
import io.layerx.service.Event;
import io.layerx.service.TaskFilter;
import io.layerx.testkit.CoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Image sets on a real core over simulated nodes: a set becomes ready on the nodes it selects, layer-2 jobs that
 * require it land only there, and a new version rolls node by node, moving the layer-2 work off each node first.
 */
class LayersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final CoreFixture fixture = new CoreFixture();
    private ControlPlane cp;
    private final List<ImageSetStatus> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cp = fixture.core().controlPlane();
        cp.addCluster(new Cluster("edge", "sim", Map.of("role", "edge"), Map.of("nodes", "2", "cpu", "4000",
                "memory", "4096", "startDelayMs", "20"), null));
        cp.addCluster(new Cluster("plain", "sim", Map.of(), Map.of("nodes", "1", "cpu", "8000", "memory", "8192",
                "startDelayMs", "20"), null));
        cp.subscribe(cp.revision(), this::record, e -> { });
    }

    private void record(Event e) {
        if (e.object() instanceof ImageSetStatus s) seen.add(s);
    }

    private static ImageSet set(String tag) {
        return new ImageSet("sys", 0, List.of(
                new Member("proxy", "docker", "local/busybox:" + tag, List.of("sleep", "3600"), Map.of(),
                        new Resources(500, 64, 0), null, null),
                new Member("logger", "docker", "local/busybox:" + tag, List.of(), Map.of(), new Resources(250, 32, 0), null, null),
                new Member("agentd", "exec", null, List.of("sleep", "3600"), Map.of("V", tag), new Resources(100, 16, 0), null, null)),
                Map.of("role", "edge"), 1, null);
    }

    @Test
    void aSetBecomesReadyOnTheNodesItSelectsAndLayerTwoLandsOnlyThere() {
        assertThat(cp.imageSets().apply(set("1")).target()).isEqualTo(1);
        await().atMost(WAIT).until(() -> phase().equals("done"));
        ImageSetStatus s = cp.imageSets().get("sys").status();
        assertThat(s.nodes().keySet()).containsExactly("edge-01", "edge-02");
        assertThat(s.nodes().values()).allSatisfy(n -> assertThat(n.state()).isEqualTo(LayerState.READY));
        assertThat(running(null).stream().filter(t -> t.job().startsWith("sys-")).map(Task::node))
                .hasSize(6).containsOnly("edge-01", "edge-02");
        assertThat(cp.node("edge-01").node().labels()).containsEntry("imageset.sys", "1");
        assertThat(cp.node("plain-01").node().labels()).doesNotContainKey("imageset.sys");

        cp.submitJob(aJob().named("app").replicas(4).cpu(200).requires("imageset=sys>=1").build());
        await().atMost(WAIT).until(() -> running("app").size() == 4);
        assertThat(running("app")).extracting(Task::node).containsOnly("edge-01", "edge-02");

        cp.submitJob(aJob().named("gpu").replicas(1).requires("imageset=sys>=2").build());
        await().atMost(WAIT).until(() -> !cp.job("gpu").problems().isEmpty());
        assertThat(cp.job("gpu").problems()).anyMatch(p -> p.contains("image set sys (>= 2) not ready"));
        assertThat(seen).extracting(st -> st.nodes().get("edge-01")).filteredOn(n -> n != null)
                .extracting(NodeLayer::state).contains(LayerState.PULLING, LayerState.READY);
    }

    @Test
    void aNewVersionRollsNodeByNodeMovingLayerTwoAwayAndBack() {
        cp.imageSets().apply(set("1"));
        await().atMost(WAIT).until(() -> phase().equals("done"));
        cp.submitJob(aJob().named("app").replicas(2).cpu(200).maxPerNode(2).requires("imageset=sys").build());
        await().atMost(WAIT).until(() -> running("app").size() == 2);
        Set<String> before = running("app").stream().map(Task::id).collect(Collectors.toSet());
        seen.clear();

        assertThat(cp.imageSets().apply(set("2")).target()).isEqualTo(2);
        await().atMost(WAIT).until(() -> phase().equals("done") && cp.imageSets().get("sys").status().target() == 2);

        assertThat(seen).isNotEmpty().allSatisfy(st -> assertThat(st.nodes().values().stream()
                .filter(n -> n.state() != LayerState.READY).count()).as("nodes without the set at once: %s", st)
                .isLessThanOrEqualTo(1));
        List<String> drained = new ArrayList<>();
        for (ImageSetStatus st : seen) {
            st.nodes().values().stream().filter(n -> n.state() == LayerState.DRAINING).map(NodeLayer::node)
                    .filter(n -> !drained.contains(n)).forEach(drained::add);
        }
        assertThat(drained).as("drained in name order, one at a time").containsExactly("edge-01", "edge-02");
        assertThat(running("app")).hasSize(2).extracting(Task::id).doesNotContainAnyElementsOf(before);
        assertThat(cp.node("edge-02").node().labels()).containsEntry("imageset.sys", "2");
        assertThat(running(null).stream().filter(t -> t.job().startsWith("sys-"))).hasSize(6)
                .allSatisfy(t -> assertThat(cp.job(t.job()).job().labels()).containsEntry(MemberJobs.VERSION, "2"));
    }

    @Test
    void pausedRollsStartNoNodeAndARollbackReturnsToThePreviousVersion() {
        cp.imageSets().apply(set("1"));
        await().atMost(WAIT).until(() -> phase().equals("done"));
        cp.imageSets().pause("sys", true);
        assertThat(cp.imageSets().apply(set("2")).paused()).isTrue();
        await().atMost(WAIT).until(() -> cp.imageSets().get("sys").status().target() == 2);
        assertThat(phase()).isEqualTo("paused");
        assertThat(cp.imageSets().get("sys").status().nodes().values()).extracting(NodeLayer::version).containsOnly(1L);
        cp.imageSets().pause("sys", false);
        await().atMost(WAIT).until(() -> phase().equals("done"));
        assertThat(cp.imageSets().get("sys").status().nodes().values()).extracting(NodeLayer::version).containsOnly(2L);

        ImageSetHistory back = cp.imageSets().rollback("sys", null);
        assertThat(back.target()).isEqualTo(1);
        await().atMost(WAIT).until(() -> phase().equals("done") && cp.imageSets().get("sys").status().target() == 1);
        assertThatThrownBy(() -> cp.imageSets().rollback("nope", null)).isInstanceOf(LayerXException.NotFound.class);
    }

    @Test
    void layerTwoReservesOnTopOfWhatTheSetsMembersReserve() {
        cp.imageSets().apply(set("1"));
        await().atMost(WAIT).until(() -> phase().equals("done"));
        // each edge node: 4000 millicores, of which the three members hold 850
        cp.submitJob(aJob().named("big").replicas(1).cpu(3200).requires("imageset=sys").build());
        await().atMost(WAIT).until(() -> !cp.job("big").problems().isEmpty());
        assertThat(running("big")).isEmpty();
        cp.submitJob(aJob().named("fits").replicas(2).cpu(3150).requires("imageset=sys").build());
        await().atMost(WAIT).until(() -> running("fits").size() == 2);
        assertThat(running("fits")).extracting(Task::node).containsExactlyInAnyOrder("edge-01", "edge-02");
    }

    @Test
    void aDeletedSetStopsItsMembersAndLeavesNoLabel() {
        cp.imageSets().apply(set("1"));
        await().atMost(WAIT).until(() -> phase().equals("done"));
        cp.imageSets().delete("sys");
        await().atMost(WAIT).until(() -> running(null).stream().noneMatch(t -> t.job().startsWith("sys-"))
                && !cp.node("edge-01").node().labels().containsKey("imageset.sys")
                && !cp.node("edge-02").node().labels().containsKey("imageset.sys"));
        assertThat(cp.imageSets().list()).isEmpty();
        assertThatThrownBy(() -> cp.imageSets().get("sys")).isInstanceOf(LayerXException.NotFound.class);
        assertThatThrownBy(() -> cp.imageSets().delete("sys")).isInstanceOf(LayerXException.NotFound.class);
    }

    @Test
    void aBadSetListsEveryProblem() {
        ImageSet bad = new ImageSet("Bad Name", 0, List.of(new Member("a", "docker", null, List.of(), Map.of(), null, null, null),
                new Member("a", "exec", null, List.of(), Map.of(), null, null, null)), Map.of(), 1, null);
        assertThatThrownBy(() -> cp.imageSets().apply(bad)).isInstanceOfSatisfying(LayerXException.Invalid.class,
                e -> assertThat(e.details()).hasSize(4));
    }

    private String phase() {
        ImageSetStatus s = cp.imageSets().get("sys").status();
        return s == null ? "none" : s.phase();
    }

    private List<Task> running(String job) {
        return cp.tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }
}

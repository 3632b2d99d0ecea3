package io.layerx.mesosit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Cluster;
import io.layerx.server.LayerXServer;
import io.layerx.server.MesosApiListen;
import io.layerx.server.ServerConfig;
import io.layerx.service.ControlPlane;
import io.layerx.web.auth.Role;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the Mesos API: a framework on mesos-rxjava (a client nobody here wrote) subscribes to a real
 * LayerX server (started as {@code layerx server --mesos-api} starts it) whose pool is an agent cluster (a real LayerX agent on loopback, running processes) and a docker
 * cluster (a real dockerd started here), takes offers from both, launches 10 tasks, acknowledges their RUNNING and
 * FINISHED updates, kills one and reconciles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RxJavaFrameworkIT {
    private static final String AGENT = "mx-agent";
    private static final String DOCKER = "dk-01";

    @TempDir
    static Path dir;
    private LayerXServer server;
    private Path scratch;
    private EngineDaemon dockerd;
    private Agent agent;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups and dockerd need root");
        server = LayerXServer.start(new ServerConfig(dir.resolve("server"), "127.0.0.1", 0), null, new MesosApiListen("127.0.0.1", 0));
        ControlPlane cp = server.controlPlane();
        cp.addCluster(new Cluster("local", "agent", Map.of(), Map.of(), null));
        String join = server.tokens().create(Role.AGENT, "mesos-it");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxm");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        agent = Agent.start(new AgentConfig(List.of(server.address()), join, "local", AGENT, Map.of(), 2000, 2048,
                dir.resolve("agent"), "127.0.0.1", 0, null, null, 0), InstantSource.system());
        cp.addCluster(new Cluster("dk", "docker", Map.of(), Map.of("endpoints", dockerd.endpoint(), "network", "none",
                "probeMs", "300", "stopTimeoutSec", "1"), null));
        await().atMost(Duration.ofSeconds(60)).until(() -> cp.nodes(null).stream().filter(n -> n.node().ready())
                .map(n -> n.node().name()).toList().containsAll(List.of(AGENT, DOCKER)));
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) agent.close();
        if (server != null) server.close();
        if (dockerd != null) dockerd.close();
        if (scratch != null) EngineDaemon.delete(scratch);
    }

    private URI scheduler() {
        return server.mesosApi();
    }

    @Test
    void aMesosRxJavaFrameworkRunsTenTasksOnAnAgentAndADockerClusterKillsOneAndReconciles() {
        Set<String> offeredFrom = ConcurrentHashMap.newKeySet();
        AtomicInteger onAgent = new AtomicInteger();
        AtomicInteger onDocker = new AtomicInteger();
        List<String> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
        RxFramework framework = new RxFramework(scheduler(), "rx-acceptance", offer -> {
            String node = offer.getAgentId().getValue();
            offeredFrom.add(node);
            AtomicInteger count = node.equals(AGENT) ? onAgent : onDocker;
            List<TaskInfo> tasks = new ArrayList<>();
            while (count.get() < 5) {
                int n = count.incrementAndGet();
                String id = (node.equals(AGENT) ? "exec-" : "box-") + n;
                tasks.add(node.equals(AGENT) ? exec(id, offer, n == 5 ? "sleep 600" : "sleep 1") : box(id, offer));
                launched.add(id);
            }
            Call.Builder c = Call.newBuilder().setFrameworkId(offer.getFrameworkId())
                    .setType(tasks.isEmpty() ? Call.Type.DECLINE : Call.Type.ACCEPT);
            Filters refuse = Filters.newBuilder().setRefuseSeconds(1).build();
            if (tasks.isEmpty()) return c.setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId()).setFilters(refuse)).build();
            return c.setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId()).setFilters(refuse)
                    .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))).build();
        });
        try (RxFramework fw = framework) {
            await().atMost(Duration.ofSeconds(120)).until(() -> launched.size() == 10
                    && launched.stream().allMatch(t -> fw.saw(t, TaskState.TASK_RUNNING)));
            assertThat(offeredFrom).contains(AGENT, DOCKER);
            String victim = "exec-5";
            List<String> finishing = launched.stream().filter(t -> !t.equals(victim)).toList();
            await().atMost(Duration.ofSeconds(120)).until(() -> finishing.stream().allMatch(t -> fw.saw(t, TaskState.TASK_FINISHED)));
            assertThat(fw.saw(victim, TaskState.TASK_FINISHED)).isFalse();

            fw.send(fw.call(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(victim))).build());
            await().atMost(Duration.ofSeconds(60)).until(() -> fw.saw(victim, TaskState.TASK_KILLED));
            // every terminal update acknowledged: LayerX forgets a task's job once its end is acknowledged
            await().atMost(Duration.ofSeconds(60)).until(() -> server.controlPlane().jobs().stream()
                    .noneMatch(j -> j.job().name().startsWith("mesos-")));

            int before = fw.updates().size();
            Call.Reconcile.Builder r = Call.Reconcile.newBuilder();
            launched.forEach(t -> r.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(t))));
            fw.send(fw.call(Call.Type.RECONCILE).setReconcile(r).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> reconciled(fw, before).size() == 10);
            assertThat(reconciled(fw, before)).allSatisfy(s -> assertThat(s.getState())
                    .isEqualTo(s.getTaskId().getValue().equals(victim) ? TaskState.TASK_KILLED : TaskState.TASK_FINISHED));
            assertThat(fw.updates()).filteredOn(s -> s.getTaskId().getValue().startsWith("box-") && s.hasAgentId())
                    .allMatch(s -> s.getAgentId().getValue().equals(DOCKER));
            assertThat(fw.errors).isEmpty();
        }
    }

    private static List<TaskStatus> reconciled(RxFramework fw, int from) {
        List<TaskStatus> all = fw.updates();
        return all.subList(from, all.size()).stream().filter(s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION).toList();
    }

    private static TaskInfo exec(String id, Offer offer, String shell) {
        return base(id, offer).setCommand(CommandInfo.newBuilder().setValue(shell)).build();
    }

    private static TaskInfo box(String id, Offer offer) {
        return base(id, offer).setCommand(CommandInfo.newBuilder().setValue("sleep 1"))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage(EngineDaemon.IMAGE))).build();
    }

    private static TaskInfo.Builder base(String id, Offer offer) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(offer.getAgentId())
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32));
    }

    private static Resource scalar(String name, double v) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(v)).build();
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.it.ServerGroup.Server;
import io.layerx.store.Codec;
import io.layerx.store.etcd.EtcdOptions;
import io.layerx.store.etcd.EtcdStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code layerx server --store etcd --mesos-api} processes on a real etcd: a framework that subscribes to the
 * follower is redirected to the leader (307), launches two tasks and leaves one update unacknowledged; the leader is
 * SIGKILLed by PID; the framework subscribes again with its id to the next leader and gets its tasks and the
 * unacknowledged update (same uuid) back, while a framework that does not come back is torn down after its failover
 * timeout and its task killed.
 */
class MesosFailoverIT {
    private static final String CLUSTER = "{\"name\":\"sim-m\",\"kind\":\"sim\",\"nodes\":2,\"cpu\":4000,"
            + "\"memory\":8192,\"startDelayMs\":20}";

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // the servers' logs stay when it fails
    Path dir;

    @Test
    void aFrameworkGetsItsTasksAndUnacknowledgedUpdateBackFromTheNextLeaderAfterTheLeaderIsKilled() throws Exception {
        try (ServerGroup g = ServerGroup.start(dir, 1, 2, List.of("--mesos-api", "127.0.0.1:0"))) {
            Server leader = g.awaitLeader(Duration.ofSeconds(60));
            Server follower = g.alive().stream().filter(s -> s != leader).findFirst().orElseThrow();
            assertThat(g.post(leader, "/v1/clusters", CLUSTER).status()).isEqualTo(201);

            MesosStream fw = MesosStream.subscribe(follower.mesos, info("survivor", 300));
            assertThat(fw.redirects).as("the follower's 307 Location").containsExactly(leader.mesos);
            Offer offer = firstOffer(fw);
            assertThat(fw.send(fw.call(Call.Type.SUPPRESS).build())).isEqualTo(202);
            assertThat(fw.send(accept(fw, offer, "a", "b"))).isEqualTo(202);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            TaskStatus pending = await().atMost(Duration.ofSeconds(60)).until(() -> ackAllButRunningOf(fw, "b", acked),
                    s -> s != null && acked.contains(runningKey("a")));
            declineAllBut(fw, offer); // so the next framework is offered the room
            MesosStream gone = MesosStream.subscribe(leader.mesos, info("short-lived", 20));
            Offer other = firstOffer(gone);
            assertThat(gone.send(accept(gone, other, "c"))).isEqualTo(202);
            gone.update("c", TaskState.TASK_STAGING);
            gone.close();
            String goneJob = g.json(leader, "/v1/frameworks/" + gone.frameworkId).path("jobs").path("c").asText();
            try (EtcdStore etcd = EtcdStore.open(new EtcdOptions(g.etcd.endpoints(), ServerGroup.PREFIX))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> storedUnacked(etcd, fw.frameworkId, "b")
                        .contains(pending.getUuid()) && storedDisconnected(etcd, gone.frameworkId));
            }

            long killedAt = System.nanoTime();
            g.kill(leader);
            Server next = g.awaitLeader(Duration.ofSeconds(30));
            assertThat(next).isSameAs(follower);
            FrameworkInfo again = info("survivor", 300).toBuilder().setId(fw.id()).build();
            // as a framework does: subscribe again until a master takes it (the new leader's Mesos API is loading)
            try (MesosStream back = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> MesosStream.subscribe(next.mesos, again), s -> s != null)) {
                assertThat(back.master).isEqualTo(next.mesos);
                // a figure for docs/benchmarks.md, not asserted: SIGKILL of the leader to SUBSCRIBED at the next one
                System.out.printf("mesos takeover: %d ms from SIGKILL to SUBSCRIBED at the next leader%n",
                        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
                assertThat(back.frameworkId).isEqualTo(fw.frameworkId);
                TaskStatus resent = back.update("b", TaskState.TASK_RUNNING);
                assertThat(resent.getUuid()).as("the unacknowledged update, sent again").isEqualTo(pending.getUuid());
                assertThat(back.ack(resent)).isEqualTo(202);
                JsonNode view = g.json(next, "/v1/frameworks/" + fw.frameworkId);
                assertThat(view.path("connected").asBoolean()).isTrue();
                assertThat(view.path("tasks").path("a").asText()).isEqualTo("TASK_RUNNING");
                assertThat(view.path("tasks").path("b").asText()).isEqualTo("TASK_RUNNING");
                String jobA = view.path("jobs").path("a").asText();
                assertThat(g.json(next, "/v1/tasks?job=" + jobA + "&state=running").size()).isEqualTo(1);

                assertThat(back.send(back.call(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                        .setTaskId(TaskID.newBuilder().setValue("a"))).build())).isEqualTo(202);
                back.update("a", TaskState.TASK_KILLED);

                await().atMost(Duration.ofSeconds(60)).until(() -> g.get(next, "/v1/frameworks/" + gone.frameworkId,
                        Duration.ofSeconds(5)).status() == 404 && g.get(next, "/v1/jobs/" + goneJob, Duration.ofSeconds(5)).status() == 404);
            }
            fw.close();
        }
    }

    private static void declineAllBut(MesosStream s, Offer used) throws Exception {
        for (Event e : s.events) {
            if (e.getType() != Event.Type.OFFERS) continue;
            for (Offer o : e.getOffers().getOffersList()) {
                if (o.getId().equals(used.getId())) continue;
                s.send(s.call(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(o.getId())
                        .setFilters(org.apache.mesos.v1.Protos.Filters.newBuilder().setRefuseSeconds(3600))).build());
            }
        }
    }

    private static FrameworkInfo info(String name, double failoverTimeout) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name).setFailoverTimeout(failoverTimeout)
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                .build();
    }

    private static Offer firstOffer(MesosStream s) {
        return s.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
    }

    private static Call accept(MesosStream s, Offer offer, String... tasks) {
        Call.Accept.Builder a = Call.Accept.newBuilder().addOfferIds(offer.getId());
        org.apache.mesos.v1.Protos.Offer.Operation.Launch.Builder launch = org.apache.mesos.v1.Protos.Offer.Operation.Launch.newBuilder();
        for (String t : tasks) launch.addTaskInfos(task(t, offer.getAgentId()));
        a.addOperations(org.apache.mesos.v1.Protos.Offer.Operation.newBuilder()
                .setType(org.apache.mesos.v1.Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch));
        return s.call(Call.Type.ACCEPT).setAccept(a).build();
    }

    private static TaskInfo task(String id, AgentID agent) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(agent)
                .addResources(scalar("cpus", 0.5)).addResources(scalar("mem", 128))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")).build();
    }

    private static Resource scalar(String name, double v) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(v)).build();
    }

    private static String runningKey(String task) {
        return task + "/" + TaskState.TASK_RUNNING;
    }

    /** Acknowledges every update so far except TASK_RUNNING of {@code keep}, which it returns once it came. */
    private static TaskStatus ackAllButRunningOf(MesosStream s, String keep, Set<String> acked) throws Exception {
        TaskStatus kept = null;
        for (Event e : s.events) {
            if (e.getType() != Event.Type.UPDATE || !e.getUpdate().getStatus().hasUuid()) continue;
            TaskStatus st = e.getUpdate().getStatus();
            String key = st.getTaskId().getValue() + "/" + st.getState();
            if (st.getTaskId().getValue().equals(keep) && st.getState() == TaskState.TASK_RUNNING) {
                kept = st;
            } else if (acked.add(key)) {
                assertThat(s.ack(st)).isEqualTo(202);
            }
        }
        return kept;
    }

    /** The uuids of the framework's updates of {@code task} that etcd holds as unacknowledged. */
    private static List<com.google.protobuf.ByteString> storedUnacked(EtcdStore etcd, String framework, String task) throws Exception {
        var kv = etcd.get("/mesos/frameworks/" + framework);
        if (kv.isEmpty()) return List.of();
        JsonNode list = Codec.mapper().readTree(kv.get().value()).path("unacked").path(task);
        List<com.google.protobuf.ByteString> out = new java.util.ArrayList<>();
        for (JsonNode b : list) out.add(TaskStatus.parseFrom(b.binaryValue()).getUuid());
        return out;
    }

    private static boolean storedDisconnected(EtcdStore etcd, String framework) throws Exception {
        var kv = etcd.get("/mesos/frameworks/" + framework);
        return kv.isPresent() && Codec.mapper().readTree(kv.get().value()).hasNonNull("disconnected");
    }
}

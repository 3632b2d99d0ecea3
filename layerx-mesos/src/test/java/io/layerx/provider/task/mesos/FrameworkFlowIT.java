package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A framework's life on a simulated pool: launch, updates, acknowledge, kill, reconcile, filters, failover. */
class FrameworkFlowIT {
    private SimPool pool;

    @BeforeEach
    void start() {
        pool = new SimPool(2, 4000, 4096);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    private String jobOf(MesosClient c, String task) {
        return TaskMapping.jobName(c.frameworkId, task);
    }

    @Test
    void launchedTasksRunAreAcknowledgedKilledAndReconciled() throws Exception {
        try (MesosClient fw = pool.client().subscribe(MesosClient.info("flow"))) {
            Offer offer = Launches.firstOffer(fw);
            List<TaskInfo> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) tasks.add(Launches.task("t" + i, offer, 0.5, 128, "sleep 1000"));
            assertThat(fw.sendJson(Launches.accept(fw, List.of(offer.getId()), tasks)).status()).isEqualTo(202);
            for (int i = 0; i < 3; i++) {
                TaskStatus running = Launches.update(fw, "t" + i, org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
                assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
                assertThat(pool.cp().tasks(new TaskFilter(jobOf(fw, "t" + i), null, TaskState.RUNNING)))
                        .singleElement().satisfies(t -> assertThat(t.node()).isEqualTo(offer.getAgentId().getValue()));
            }
            assertThat(fw.send(fw.call(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))).build()).status())
                    .isEqualTo(202);
            Launches.update(fw, "t1", org.apache.mesos.v1.Protos.TaskState.TASK_KILLED);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.cp().jobs().stream().noneMatch(j -> j.job().name().equals(jobOf(fw, "t1"))));

            int before = fw.events.size();
            fw.send(fw.call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
                    .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")))
                    .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("never-launched")))).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> reconciled(fw, before).size() == 2);
            assertThat(reconciled(fw, before)).extracting(s -> s.getTaskId().getValue() + "=" + s.getState())
                    .containsExactly("t1=TASK_KILLED", "never-launched=TASK_UNKNOWN");
            assertThat(reconciled(fw, before)).allMatch(s -> !s.hasUuid());

            int mark = fw.events.size();
            fw.send(fw.call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> reconciled(fw, mark).size() == 2);
            assertThat(reconciled(fw, mark)).extracting(s -> s.getTaskId().getValue() + "=" + s.getState())
                    .containsExactlyInAnyOrder("t0=TASK_RUNNING", "t2=TASK_RUNNING");
        }
    }

    private static List<TaskStatus> reconciled(MesosClient c, int from) {
        return c.events.subList(from, c.events.size()).stream().filter(e -> e.getType() == Event.Type.UPDATE)
                .map(e -> e.getUpdate().getStatus()).filter(s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION).toList();
    }

    @Test
    void anUnacknowledgedUpdateIsSentAgain() throws Exception {
        pool.close();
        pool = new SimPool(1, 4000, 4096, Duration.ofMillis(300));
        try (MesosClient fw = pool.client()) {
            fw.autoAck = false;
            fw.subscribe(MesosClient.info("forgetful"));
            Offer offer = Launches.firstOffer(fw);
            fw.send(Launches.accept(fw, List.of(offer.getId()), List.of(Launches.task("r", offer, 0.5, 64, "sleep 1000"))));
            TaskStatus first = Launches.update(fw, "r", org.apache.mesos.v1.Protos.TaskState.TASK_STAGING);
            await().atMost(Duration.ofSeconds(20)).until(() -> fw.events.stream().filter(e -> e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getUuid().equals(first.getUuid())).count() >= 2);
            fw.send(Launches.ack(fw, first));
            TaskStatus running = Launches.update(fw, "r", org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
            assertThat(running.getUuid()).isNotEqualTo(first.getUuid());
        }
    }

    @Test
    void declinedNodesAreNotOfferedAgainUntilReviveAndSuppressStopsOffers() throws Exception {
        try (MesosClient fw = pool.client().subscribe(MesosClient.info("picky"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> offers(fw, 0).size() == 2);
            List<Offer> both = offers(fw, 0);
            fw.send(fw.call(Call.Type.SUPPRESS).build());
            fw.send(fw.call(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(both.get(0).getId())
                    .addOfferIds(both.get(1).getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))).build());
            int mark = fw.events.size();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> offers(fw, mark).isEmpty());
            fw.send(fw.call(Call.Type.REVIVE).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> offers(fw, mark).size() == 2);
        }
    }

    private static List<Offer> offers(MesosClient c, int from) {
        return c.events.subList(from, c.events.size()).stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .flatMap(e -> e.getOffers().getOffersList().stream()).toList();
    }

    @Test
    void aFrameworkThatComesBackGetsItsTasksAndOneThatDoesNotIsTornDown() throws Exception {
        MesosClient first = pool.client().subscribe(MesosClient.info("phoenix"));
        Offer offer = Launches.firstOffer(first);
        first.send(Launches.accept(first, List.of(offer.getId()), List.of(Launches.task("p", offer, 0.5, 64, "sleep 1000"))));
        Launches.update(first, "p", org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
        String id = first.frameworkId;
        first.close();
        FrameworkInfo again = MesosClient.info("phoenix").toBuilder().setId(first.id()).setFailoverTimeout(1).build();
        try (MesosClient second = pool.client().subscribe(again)) {
            assertThat(second.frameworkId).isEqualTo(id);
            second.send(second.call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()).build());
            second.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals("p")
                    && e.getUpdate().getStatus().getState() == org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
        }
        // gone for longer than its failover timeout of 1s: torn down, its task killed and its job deleted
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.cp().jobs().stream().noneMatch(j -> j.job().name().equals(TaskMapping.jobName(id, "p"))));
        assertThat(pool.api.port()).isPositive();
        try (MesosClient probe = pool.client().subscribe(MesosClient.info("probe"))) {
            MesosClient.Reply r = probe.post("application/x-protobuf", Call.newBuilder().setType(Call.Type.REVIVE)
                    .setFrameworkId(first.id()).build().toByteArray(), probe.streamId);
            assertThat(r.status()).isEqualTo(403);
        }
    }
}

package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * A second master on the same store takes over from the first (as the next LayerX leader does): the framework
 * that subscribes again with its id gets its tasks back and the updates it had not acknowledged, with their uuids;
 * the master that does not lead redirects calls to the one that does (307, {@code Location}), as Mesos does.
 */
class MasterFailoverIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aMasterThatTakesOverResumesTasksAndUnacknowledgedUpdatesAndTheOtherRedirects() throws Exception {
        try (SimPool pool = new SimPool(1, 4000, 4096)) {
            MesosClient first = pool.client();
            first.autoAck = false;
            first.subscribe(MesosClient.info("survivor"));
            Offer offer = Launches.firstOffer(first);
            first.send(Launches.accept(first, List.of(offer.getId()), List.of(Launches.task("s", offer, 0.5, 64, "sleep 1000"))));
            TaskStatus staging = Launches.update(first, "s", org.apache.mesos.v1.Protos.TaskState.TASK_STAGING);
            String job = TaskMapping.jobName(first.frameworkId, "s");
            await().atMost(Duration.ofSeconds(20)).until(() -> !pool.cp().tasks(new TaskFilter(job, null, TaskState.RUNNING)).isEmpty());

            pool.api.follow();
            try (MesosApi next = MesosApi.serve(pool.store, "127.0.0.1", 0, MesosMaster.Settings.DEFAULT,
                    Duration.ofMillis(100), () -> Optional.of(MesosApi.SOLE_SERVER))) {
                HttpResponse<String> before = subscribeRaw(next.url());
                assertThat(before.statusCode()).as("the new one does not lead yet: to the last leader").isEqualTo(307);
                assertThat(before.headers().firstValue("Location")).hasValue(pool.api.url());

                next.lead(pool.cp(), pool.store, MesosApi.SOLE_SERVER);
                HttpResponse<String> old = subscribeRaw(pool.api.url());
                assertThat(old.statusCode()).isEqualTo(307);
                assertThat(old.headers().firstValue("Location")).hasValue(next.url());
                assertThat(first.send(first.call(Call.Type.REVIVE).build()).status()).as("a call to the old master").isEqualTo(307);

                FrameworkInfo again = MesosClient.info("survivor").toBuilder().setId(first.id()).build();
                try (MesosClient back = new MesosClient(next.port())) {
                    back.autoAck = false;
                    back.subscribe(again);
                    assertThat(back.frameworkId).isEqualTo(first.frameworkId);
                    TaskStatus resent = Launches.update(back, "s", org.apache.mesos.v1.Protos.TaskState.TASK_STAGING);
                    assertThat(resent.getUuid()).as("the same update, not a new one").isEqualTo(staging.getUuid());
                    assertThat(back.send(Launches.ack(back, resent)).status()).isEqualTo(202);
                    TaskStatus running = Launches.update(back, "s", org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING);
                    assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
                    assertThat(next.framework(first.frameworkId).orElseThrow().jobs()).containsEntry("s", job);

                    assertThat(back.send(back.call(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                            .setTaskId(running.getTaskId())).build()).status()).isEqualTo(202);
                    back.send(Launches.ack(back, running));
                    back.await(e -> Launches.isUpdate(e, "s", org.apache.mesos.v1.Protos.TaskState.TASK_KILLED));
                }
            }
        }
    }

    @Test
    void withNoLeaderKnownACallIsAnswered503AsMesosDoes() throws Exception {
        try (SimPool pool = new SimPool(1, 1000, 1024);
             MesosApi other = MesosApi.serve(pool.store, "127.0.0.1", 0, MesosMaster.Settings.DEFAULT,
                     Duration.ofMillis(100), Optional::empty)) {
            HttpResponse<String> r = subscribeRaw(other.url());
            assertThat(r.statusCode()).as("the store names a leader, but no LayerX server leads now").isEqualTo(503);
            assertThat(r.body()).isEqualTo("No leader elected");

            pool.api.follow();
            pool.store.commit(io.layerx.store.Txn.builder().delete(FrameworkStore.LEADER).build());
            HttpResponse<String> none = subscribeRaw(pool.api.url());
            assertThat(none.statusCode()).as("the store names none").isEqualTo(503);
        }
    }

    @Test
    void aTakeoverThatFailsIsTriedAgainAtEachRoundUntilItWorks() throws Exception {
        try (SimPool pool = new SimPool(1, 1000, 1024)) {
            pool.api.follow();
            pool.store.commit(io.layerx.store.Txn.builder().put(FrameworkStore.STATE + "broken",
                    "not a framework".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
            assertThatThrownBy(() -> pool.api.lead(pool.cp(), pool.store, MesosApi.SOLE_SERVER))
                    .isInstanceOf(java.io.UncheckedIOException.class);
            assertThat(subscribeRaw(pool.api.url()).statusCode()).as("not leading while the state does not load").isEqualTo(503);

            pool.store.commit(io.layerx.store.Txn.builder().delete(FrameworkStore.STATE + "broken").build());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> pool.api.frameworks().isEmpty());
            try (MesosClient fw = pool.client().subscribe(MesosClient.info("after-repair"))) {
                assertThat(fw.frameworkId).isNotBlank();
            }
        }
    }

    private static HttpResponse<String> subscribeRaw(String url) throws Exception {
        String body = """
                {"type": "SUBSCRIBE", "subscribe": {"framework_info": {"user": "root", "name": "probe"}}}""";
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

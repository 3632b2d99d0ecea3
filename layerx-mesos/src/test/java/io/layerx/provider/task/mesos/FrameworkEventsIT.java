package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.service.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * A framework's life in the control plane's event stream ({@code /v1/events}, kind {@code framework}): subscribed,
 * its tasks, disconnected, failed over, and a delete when it is torn down.
 */
class FrameworkEventsIT {

    @Test
    void subscribeTasksDisconnectFailoverAndTeardownAreEvents() throws Exception {
        try (SimPool pool = new SimPool(1, 4000, 4096)) {
            List<Event> events = new CopyOnWriteArrayList<>();
            try (AutoCloseable sub = pool.cp().subscribe(0, e -> {
                if (e.kind().equals("framework")) events.add(e);
            }, e -> { })) {
                MesosClient first = pool.client().subscribe(MesosClient.info("watched"));
                String id = first.frameworkId;
                await().atMost(Duration.ofSeconds(10)).until(() -> changes(events).contains("put subscribed"));
                Offer offer = Launches.firstOffer(first);
                first.send(Launches.accept(first, List.of(offer.getId()), List.of(Launches.task("w", offer, 0.5, 64, "sleep 1000"))));
                await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.object() instanceof Map<?, ?> m
                        && m.get("tasks") instanceof Map<?, ?> t && t.containsKey("w")));
                first.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> changes(events).contains("put disconnected"));
                assertThat(events.getLast().id()).isEqualTo(id);
                assertThat(((Map<?, ?>) events.getLast().object()).get("disconnectedAt")).isNotNull();

                FrameworkInfo again = MesosClient.info("watched").toBuilder().setId(first.id()).build();
                try (MesosClient second = pool.client().subscribe(again)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> changes(events).contains("put failed_over"));
                    assertThat(second.send(second.call(Call.Type.TEARDOWN).build()).status()).isEqualTo(202);
                    await().atMost(Duration.ofSeconds(10)).until(() -> changes(events).contains("delete -"));
                }
                assertThat(changes(events)).containsSubsequence("put subscribed", "put disconnected", "put failed_over", "delete -");
                assertThat(events).allMatch(e -> e.id().equals(id));
            }
        }
    }

    private static List<String> changes(List<Event> events) {
        return events.stream().map(e -> e.type() + " " + (e.object() instanceof Map<?, ?> m ? m.get("change") : "-")).toList();
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.server.ApiClient.Reply;
import io.layerx.server.EventStreamReader.SseEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventsIT {
    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @Test
    void theStreamCarriesEachChangeWithKindAndRevision() {
        try (EventStreamReader stream = EventStreamReader.open(running.api, "/v1/events", null)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.comments.isEmpty());
            running.api.post("/v1/jobs", "application/yaml", "name: seen\nreplicas: 0\ntask: {command: [x]}\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.ofKind("job").isEmpty());
            SseEvent e = stream.ofKind("job").getFirst();
            assertThat(e.id()).matches("\\d+");
            assertThat(e.json().get("revision").asLong()).isEqualTo(Long.parseLong(e.id()));
            assertThat(e.json().get("kind").asText()).isEqualTo("job");
            assertThat(e.json().get("type").asText()).isEqualTo("put");
            assertThat(e.json().get("id").asText()).isEqualTo("seen");
            assertThat(e.json().get("object").get("name").asText()).isEqualTo("seen");
            assertThat(e.json().get("object").get("task").get("command").get(0).asText()).isEqualTo("x");
        }
    }

    @Test
    void fromAndLastEventIdReplayHistory() {
        Reply added = running.addCluster("sim-ev", 2);
        assertThat(added.status()).isEqualTo(201);
        long now = running.server.controlPlane().revision();
        try (EventStreamReader all = EventStreamReader.open(running.api, "/v1/events?from=1", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> all.ofKind("node").size() >= 2);
            assertThat(all.ofKind("cluster")).anySatisfy(
                    e -> assertThat(e.json().get("id").asText()).isEqualTo("sim-ev"));
        }
        try (EventStreamReader resumed = EventStreamReader.open(running.api, "/v1/events?from=1", Long.toString(now))) {
            running.api.post("/v1/jobs", "application/yaml", "name: later\nreplicas: 0\ntask: {command: [x]}\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.ofKind("job").isEmpty());
            // from=1 would replay everything; Last-Event-ID wins and resumes at its revision
            assertThat(resumed.events).allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThanOrEqualTo(now));
        }
    }

    @Test
    void badStreamRequestsAre400() {
        Reply noAccept = running.api.get("/v1/events");
        assertThat(noAccept.status()).isEqualTo(400);
        assertThat(noAccept.json().get("details").get(0).asText()).contains("Accept: text/event-stream");
        Reply badFrom = running.api.send("/v1/events?from=yesterday", "Accept", "text/event-stream");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("details").get(0).asText()).startsWith("from must be a revision");
    }
}

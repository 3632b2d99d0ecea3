package io.layerx.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a Server-Sent Events response on a virtual thread and keeps what arrived, for the ITs. */
final class EventStreamReader implements AutoCloseable {

    /** One event as the SSE wire carries it. */
    record SseEvent(String id, String event, String data) {
        JsonNode json() {
            try {
                return Codec.mapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final HttpResponse<InputStream> response;
    final List<SseEvent> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private EventStreamReader(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    /** Opens the stream; returns once the response headers are in. */
    static EventStreamReader open(ApiClient api, String path, String lastEventId) {
        HttpRequest.Builder b = api.request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        try {
            return new EventStreamReader(api.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || event != null) events.add(new SseEvent(id, event, data.toString()));
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // the test closed the stream
        }
    }

    /** True once the server ended the stream (or the test closed it). */
    boolean ended() {
        return !reader.isAlive();
    }

    List<SseEvent> ofKind(String kind) {
        return events.stream().filter(e -> kind.equals(e.event())).toList();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
    }
}

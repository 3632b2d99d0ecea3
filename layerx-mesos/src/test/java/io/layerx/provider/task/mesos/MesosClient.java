package io.layerx.provider.task.mesos;


import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A minimal Mesos scheduler client over the JDK's HTTP client, for tests: it subscribes, reads the RecordIO stream
 * on its own thread into {@link #events}, and sends calls with the stream id, in protobuf or JSON.
 */
final class MesosClient implements AutoCloseable {
    record Reply(int status, String body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    final List<Event> events = new CopyOnWriteArrayList<>();
    volatile String streamId;
    volatile String frameworkId;
    private volatile InputStream stream;
    private Thread reader;
    /** Acknowledge every status update as it comes, as frameworks do. */
    volatile boolean autoAck = true;

    MesosClient(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + MesosApi.PATH);
    }

    static FrameworkInfo info(String name) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name).setFailoverTimeout(60)
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                .build();
    }

    /** Subscribes (with {@code info}'s id, if any) and waits for SUBSCRIBED. */
    MesosClient subscribe(FrameworkInfo info) throws Exception {
        Call.Builder c = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) c.setFrameworkId(info.getId());
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(c.build().toByteArray())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IllegalStateException("subscribe: " + r.statusCode() + " " + new String(r.body().readAllBytes()));
        streamId = r.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        stream = r.body();
        reader = Thread.ofVirtual().start(this::read);
        await(e -> e.getType() == Event.Type.SUBSCRIBED);
        return this;
    }

    private void read() {
        try (InputStream in = stream) {
            while (true) {
                ByteArrayOutputStream len = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) return;
                    len.write(b);
                }
                byte[] data = in.readNBytes(Integer.parseInt(len.toString(StandardCharsets.US_ASCII)));
                Event e = Event.parseFrom(data);
                // the id is known before any event after SUBSCRIBED is acknowledged
                if (e.getType() == Event.Type.SUBSCRIBED) frameworkId = e.getSubscribed().getFrameworkId().getValue();
                events.add(e);
                if (autoAck && e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasUuid()) ack(e.getUpdate().getStatus());
            }
        } catch (IOException | IllegalStateException e) {
            // the stream ended
        }
    }

    /** The first event so far (or to come) that matches. */
    Event await(Predicate<Event> p) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().filter(p).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    FrameworkID id() {
        return FrameworkID.newBuilder().setValue(frameworkId).build();
    }

    Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(id());
    }

    Reply send(Call call) throws Exception {
        return post("application/x-protobuf", call.toByteArray(), streamId);
    }

    Reply sendJson(Call call) throws Exception {
        return post("application/json", JsonFormat.printer().print(call).getBytes(StandardCharsets.UTF_8), streamId);
    }

    Reply post(String contentType, byte[] body, String stream) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (stream != null) b.header("Mesos-Stream-Id", stream);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply get() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private void ack(org.apache.mesos.v1.Protos.TaskStatus s) {
        Call c = call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(s.getAgentId())
                .setTaskId(s.getTaskId()).setUuid(s.getUuid())).build();
        try {
            send(c);
        } catch (Exception e) {
            throw new IllegalStateException("acknowledging " + s.getTaskId().getValue() + " failed", e);
        }
    }

    /** Drops the connection, as a framework that crashed. */
    @Override
    public void close() throws IOException {
        InputStream s = stream;
        if (s != null) s.close();
        if (reader != null) reader.interrupt();
        http.shutdownNow();
    }

}

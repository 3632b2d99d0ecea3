package io.layerx.cli.it;


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
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos framework's connection to a master, in protobuf, as a framework written against the v1 scheduler API
 * makes it: SUBSCRIBE follows a non-leading master's 307 to the leader; events are read (RecordIO) on a virtual
 * thread into {@link #events}; calls carry the stream id. Nothing is acknowledged unless asked.
 */
final class MesosStream implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** Where the 307s met on the way pointed; {@link #master}: the master that answered in the end. */
    final List<URI> redirects = new CopyOnWriteArrayList<>();
    volatile URI master;
    volatile String streamId;
    volatile String frameworkId;
    private volatile InputStream body;

    static MesosStream subscribe(URI anyMaster, FrameworkInfo info) throws IOException, InterruptedException {
        MesosStream s = new MesosStream();
        Call.Builder c = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) c.setFrameworkId(info.getId());
        URI at = anyMaster;
        for (int hops = 0; hops < 3; hops++) {
            HttpResponse<InputStream> r = s.http.send(HttpRequest.newBuilder(at).header("Content-Type", "application/x-protobuf")
                    .header("Accept", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(c.build().toByteArray()))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 307) {
                r.body().close();
                at = at.resolve(r.headers().firstValue("Location").orElseThrow());
                s.redirects.add(at);
                continue;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("SUBSCRIBE at " + at + ": " + r.statusCode() + " " + new String(r.body().readAllBytes()));
            }
            s.master = at;
            s.streamId = r.headers().firstValue("Mesos-Stream-Id").orElseThrow();
            s.body = r.body();
            Thread.ofVirtual().start(s::read);
            Event subscribed = s.await(e -> e.getType() == Event.Type.SUBSCRIBED);
            s.frameworkId = subscribed.getSubscribed().getFrameworkId().getValue();
            return s;
        }
        throw new IllegalStateException("SUBSCRIBE was redirected more than 3 times: " + s.redirects);
    }

    private void read() {
        try (InputStream in = body) {
            while (true) {
                ByteArrayOutputStream len = new ByteArrayOutputStream();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    if (b < 0) return;
                    len.write(b);
                }
                events.add(Event.parseFrom(in.readNBytes(Integer.parseInt(len.toString(StandardCharsets.US_ASCII)))));
            }
        } catch (IOException e) {
            // the stream ended (the master went away, or close())
        }
    }

    Event await(Predicate<Event> p) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().filter(p).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** The first UPDATE of {@code task} in {@code state}. */
    TaskStatus update(String task, org.apache.mesos.v1.Protos.TaskState state) {
        return await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(task)
                && e.getUpdate().getStatus().getState() == state).getUpdate().getStatus();
    }

    FrameworkID id() {
        return FrameworkID.newBuilder().setValue(frameworkId).build();
    }

    Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(id());
    }

    int send(Call call) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(master).header("Content-Type", "application/x-protobuf")
                .header("Mesos-Stream-Id", streamId).POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int ack(TaskStatus s) throws IOException, InterruptedException {
        return send(call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(s.getAgentId())
                .setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
    }

    @Override
    public void close() throws IOException {
        InputStream b = body;
        if (b != null) b.close();
        http.shutdownNow();
    }
}

package io.layerx.provider.resource.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.layerx.model.Resources;
import io.layerx.provider.task.docker.ContainerEngines;
import io.layerx.store.Codec;
import io.layerx.usage.Counters;
import io.layerx.usage.EngineStats;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One Docker Engine API endpoint (dockerd or podman's compatible service), through docker-java with the
 * httpclient5 transport. Calls have timeouts; streams (events, followed logs) have none. Failures surface as
 * docker-java's runtime exceptions.
 */
final class Engine implements AutoCloseable {

    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration RESPONSE = Duration.ofSeconds(60);
    private static final Duration PULL = Duration.ofMinutes(5);
    private static final long CFS_PERIOD_US = 100_000;

    private final URI address;
    private final DockerHttpClient transport;
    private final DockerClient calls;
    private final DockerClient streams;

    Engine(URI address) {
        this.address = address;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(address.toString()).withDockerTlsVerify(false).build();
        this.transport = transport(config, RESPONSE);
        this.calls = DockerClientImpl.getInstance(config, transport);
        this.streams = DockerClientImpl.getInstance(config, transport(config, null));
    }

    private static DockerHttpClient transport(DefaultDockerClientConfig config, Duration responseTimeout) {
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .maxConnections(64).connectionTimeout(CONNECT);
        if (responseTimeout != null) http.responseTimeout(responseTimeout);
        return http.build();
    }

    URI address() {
        return address;
    }

    /** What the engine says of itself. */
    EngineInfo info() {
        Info i = calls.infoCmd().exec();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : i.getLabels() == null ? new String[0] : i.getLabels()) {
            int eq = l.indexOf('=');
            if (eq > 0) labels.put(l.substring(0, eq), l.substring(eq + 1));
        }
        long cpu = i.getNCPU() == null ? 0 : i.getNCPU() * 1000L;
        long memory = i.getMemTotal() == null ? 0 : i.getMemTotal() / (1024 * 1024);
        return new EngineInfo(i.getName(), i.getServerVersion(), Resources.of(cpu, memory), labels);
    }

    /** Every container of the engine, running or not. */
    List<ContainerSummary> containers() {
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : calls.listContainersCmd().withShowAll(true).exec()) {
            String name = c.getNames() == null || c.getNames().length == 0 ? "" : c.getNames()[0].replaceFirst("^/", "");
            out.add(new ContainerSummary(c.getId(), name, c.getLabels() == null ? Map.of() : c.getLabels(),
                    "running".equalsIgnoreCase(c.getState())));
        }
        return out;
    }

    /**
     * One reading of the container's counters from the engine's stats, one-shot ({@code GET
     * /containers/ID/stats?stream=false&one-shot=true}: the engine answers at once instead of waiting a second for a
     * second sample, so the cpu rate is the caller's, between two readings); empty when the engine has no such
     * container. docker-java's {@code statsCmd} has no one-shot flag, hence the raw call on its transport.
     */
    Optional<Counters> stats(String id) {
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/stats?stream=false&one-shot=true").build();
        try (DockerHttpClient.Response r = transport.execute(request)) {
            if (r.getStatusCode() != 200) return Optional.empty();
            return Optional.of(EngineStats.counters(Codec.mapper().readTree(r.getBody())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container's state, or empty when the engine has no such container. */
    Optional<ContainerStatus> inspect(String nameOrId) {
        InspectContainerResponse r;
        try {
            r = calls.inspectContainerCmd(nameOrId).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        InspectContainerResponse.ContainerState s = r.getState();
        HostConfig h = r.getHostConfig();
        return Optional.of(new ContainerStatus(r.getId(), s.getStatus(), Boolean.TRUE.equals(s.getRunning()),
                s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue(), Boolean.TRUE.equals(s.getOOMKilled()),
                s.getError() == null ? "" : s.getError(), reservation(h),
                r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels()));
    }

    private static Resources reservation(HostConfig h) {
        if (h == null) return Resources.ZERO;
        long memory = h.getMemory() == null ? 0 : (h.getMemory() + (1 << 20) - 1) >> 20;
        long cpu = 0;
        if (h.getNanoCPUs() != null && h.getNanoCPUs() > 0) {
            cpu = h.getNanoCPUs() / 1_000_000;
        } else if (h.getCpuQuota() != null && h.getCpuQuota() > 0 && h.getCpuPeriod() != null && h.getCpuPeriod() > 0) {
            cpu = h.getCpuQuota() * 1000 / h.getCpuPeriod();
        }
        return Resources.of(cpu, memory);
    }

    /** Creates the container; pulls the image first when the engine lacks it. Returns the container id. */
    String create(ContainerPlan plan) {
        try {
            return createCmd(plan).exec().getId();
        } catch (NotFoundException e) {
            pull(plan.image());
            return createCmd(plan).exec().getId();
        }
    }

    private CreateContainerCmd createCmd(ContainerPlan p) {
        HostConfig host = HostConfig.newHostConfig();
        if (p.memoryBytes() > 0) host.withMemory(p.memoryBytes());
        if (p.nanoCpus() > 0) host.withNanoCPUs(p.nanoCpus());
        if (p.network() != null) host.withNetworkMode(p.network());
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (ContainerPlan.PortMapping m : p.ports()) {
            ExposedPort ep = new ExposedPort(m.containerPort(), com.github.dockerjava.api.model.InternetProtocol.parse(m.protocol()));
            exposed.add(ep);
            bindings.bind(ep, Ports.Binding.bindPort(m.hostPort()));
        }
        if (!exposed.isEmpty()) host.withPortBindings(bindings);
        CreateContainerCmd cmd = calls.createContainerCmd(p.image()).withName(p.name()).withLabels(p.labels())
                .withEnv(p.env()).withHostConfig(host);
        if (!exposed.isEmpty()) cmd.withExposedPorts(exposed);
        if (!p.command().isEmpty()) cmd.withCmd(p.command());
        return cmd;
    }

    /** Pulls the image; an error the engine streams back (podman does, with no status) becomes a DockerException. */
    private void pull(String image) {
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        AtomicReference<String> error = new AtomicReference<>();
        try (var callback = calls.pullImageCmd(tagged ? image.substring(0, colon) : image)
                .withTag(tagged ? image.substring(colon + 1) : "latest").exec(new ResultCallback.Adapter<PullResponseItem>() {
                    @Override
                    public void onNext(PullResponseItem item) {
                        if (item.getErrorDetail() != null) error.set(item.getErrorDetail().getMessage());
                    }
                })) {
            if (!callback.awaitCompletion(PULL.toSeconds(), TimeUnit.SECONDS)) {
                throw new DockerException("pulling " + image + " took longer than " + PULL.toMinutes() + " minutes", 504);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted pulling " + image, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (error.get() != null) {
            throw new DockerException("no image " + image + " on the engine, and pulling it failed: " + error.get(), 404);
        }
    }

    void start(String id) {
        try {
            calls.startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        }
    }

    /** How {@link #update} reached the engine. */
    enum Update {
        /** {@code POST /containers/{id}/update}: inspect shows the new limits. */
        DOCKER_API,
        /** Podman's own {@code POST /libpod/containers/{id}/update}: the cgroups change, inspect still shows the old. */
        LIBPOD
    }

    /**
     * Changes a running container's cpu and memory limits in place: {@code NanoCpus} (as created: an engine refuses to
     * mix it with a CFS quota), {@code Memory}, and {@code MemorySwap} at twice the memory, as the engine sets it at
     * create (it refuses a memory above the swap limit in force unless both change). A 0 means "unchanged" to an
     * engine. Podman 4.3's Docker API has no update route (it answers 404 for a container inspect just found): its own
     * libpod route is used then. Refusals surface as {@link DockerException}.
     */
    Update update(String id, Resources to) {
        var cmd = calls.updateContainerCmd(id);
        if (to.memory() > 0) cmd.withMemory(to.memory() << 20).withMemorySwap(2 * (to.memory() << 20));
        if (to.cpu() > 0) cmd.withNanoCPUs(to.cpu() * 1_000_000L);
        try {
            cmd.exec();
            return Update.DOCKER_API;
        } catch (NotFoundException e) {
            if (inspect(id).isEmpty()) throw e;
        }
        libpodUpdate(id, to);
        return Update.LIBPOD;
    }

    private void libpodUpdate(String id, Resources to) {
        Map<String, Object> resources = new LinkedHashMap<>();
        if (to.memory() > 0) resources.put("memory", Map.of("limit", to.memory() << 20, "swap", 2 * (to.memory() << 20)));
        if (to.cpu() > 0) resources.put("cpu", Map.of("quota", to.cpu() * CFS_PERIOD_US / 1000, "period", CFS_PERIOD_US));
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/v4.0.0/libpod/containers/" + id + "/update").putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(Codec.encode(resources))).build();
        try (DockerHttpClient.Response r = transport.execute(request)) {
            if (r.getStatusCode() / 100 == 2) return;
            String body = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new DockerException(r.getStatusCode() == 404
                    ? "the engine has no container update route (neither Docker's nor podman's libpod): " + body
                    : "the engine refused the update: " + body, r.getStatusCode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(String id, Duration grace) {
        try {
            calls.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped or gone
        }
    }

    void remove(String id) {
        try {
            calls.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** Follows the engine's container events until the handle is closed or the stream ends ({@code onEnd}). */
    Closeable events(Consumer<ContainerEvent> onEvent, Consumer<Throwable> onEnd) {
        return streams.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event e) {
                if (e.getActor() == null) return;
                Map<String, String> attrs = e.getActor().getAttributes() == null ? Map.of() : e.getActor().getAttributes();
                onEvent.accept(new ContainerEvent(e.getActor().getId(), e.getAction(), attrs));
            }

            @Override
            public void onError(Throwable t) {
                onEnd.accept(t);
            }

            @Override
            public void onComplete() {
                onEnd.accept(null);
            }
        });
    }

    /** Streams the container's output to {@code sink} until it ends (with {@code follow}, until the container stops). */
    void logs(String nameOrId, ContainerEngines.LogOptions o, ContainerEngines.LogSink sink) {
        var cmd = streams.logContainerCmd(nameOrId).withStdOut(true).withStdErr(true).withFollowStream(o.follow())
                .withTimestamps(o.timestamps());
        if (o.tail() >= 0) cmd.withTail(o.tail());
        if (o.since() > 0) cmd.withSince((int) o.since());
        try (var callback = cmd.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                int stream = switch (f.getStreamType()) {
                    case STDERR -> 2;
                    case STDIN -> 0;
                    case STDOUT, RAW -> 1;
                };
                try {
                    sink.frame(stream, f.getPayload());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        })) {
            callback.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's images. */
    List<ContainerEngines.EngineImage> images() {
        List<ContainerEngines.EngineImage> out = new ArrayList<>();
        for (var i : calls.listImagesCmd().exec()) {
            out.add(new ContainerEngines.EngineImage(i.getId(),
                    i.getRepoTags() == null ? List.of() : Arrays.asList(i.getRepoTags()),
                    i.getCreated() == null ? 0 : i.getCreated(), i.getSize() == null ? 0 : i.getSize(),
                    i.getLabels() == null ? Map.of() : i.getLabels()));
        }
        return out;
    }

    @Override
    public void close() {
        for (DockerClient c : List.of(calls, streams)) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing left to do with a client we are dropping
            }
        }
    }

    /** What an engine says of itself. */
    record EngineInfo(String name, String version, Resources capacity, Map<String, String> labels) {
    }

    /** One line of the engine's container list. */
    record ContainerSummary(String id, String name, Map<String, String> labels, boolean running) {
    }

    /** One container event: its id, the action (start, die, destroy, ...) and the actor's attributes (labels). */
    record ContainerEvent(String id, String action, Map<String, String> attributes) {
    }

    /** A container's state as inspect tells it, with what it reserves (HostConfig memory and cpu). */
    record ContainerStatus(String id, String state, boolean running, int exitCode, boolean oomKilled, String error,
                           Resources reserved, Map<String, String> labels) {
    }
}

package io.layerx.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.store.Codec;
import io.layerx.usage.Counters;
import io.layerx.usage.EngineStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tasks as containers on the node's Docker or Podman engine (its Docker API), from images in the engine's local
 * store. Containers use the host's network, so a task binds the ports LayerX handed out ({@code PORT_<LABEL>});
 * memory, cpu and pids limits go to the engine. Containers are named {@code layerx-<task>} and labelled with the
 * task, so a restarted agent finds them by the id in its record.
 */
final class DockerDriver implements Driver, AutoCloseable {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final int SIGKILLED = 137;
    private static final Duration OOM_FLAG_WAIT = Duration.ofSeconds(2);

    private final String host;
    private final long taskPids;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private DockerClient client;
    private DockerHttpClient transport;

    /** @param host the engine's API address, e.g. {@code unix:///run/docker.sock} or {@code tcp://127.0.0.1:2375} */
    DockerDriver(String host, long taskPids, InstantSource clock) {
        this.host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        this.taskPids = taskPids;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "docker";
    }

    /** True when the engine answers a ping now: the node then says it runs docker tasks. */
    boolean reachable() {
        try {
            client().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private DockerClient client() {
        lock.lock();
        try {
            if (client == null) {
                var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
                transport = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(host))
                        .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build();
                client = DockerClientImpl.getInstance(config, transport);
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LocalRecord start(Assignment a) {
        LocalRecord none = new LocalRecord(a.task(), a.job(), name(), 0, 0, null, List.of(), a.resources(),
                clock.instant(), null);
        String image = a.spec().image();
        try {
            client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return none.ended(TaskState.FAILED, null, "no such image in the engine's local store: " + image);
        } catch (RuntimeException e) {
            return none.ended(TaskState.FAILED, null, "cannot reach the container engine at " + host + ": " + message(e));
        }
        try {
            String id = create(a, image);
            client().startContainerCmd(id).exec();
            return new LocalRecord(a.task(), a.job(), name(), 0, 0, id, List.of(), a.resources(), clock.instant(),
                    null);
        } catch (RuntimeException e) {
            return none.ended(TaskState.FAILED, null,
                    "the engine refused the container of image " + image + ": " + message(e));
        }
    }

    /** The task's GPU devices as the engine's device request: {@code docker run --gpus device=0,3}. */
    static List<DeviceRequest> gpuRequests(Assignment a) {
        return List.of(new DeviceRequest().withDriver("nvidia")
                .withDeviceIds(a.gpus().stream().map(String::valueOf).toList())
                .withCapabilities(List.of(List.of("gpu"))));
    }

    private String create(Assignment a, String image) {
        String name = "layerx-" + a.task();
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host").withPidsLimit(taskPids);
        if (a.resources().memory() > 0) host.withMemory(a.resources().memory() << 20);
        if (a.resources().cpu() > 0) host.withNanoCPUs(a.resources().cpu() * 1_000_000L);
        if (!a.gpus().isEmpty()) host.withDeviceRequests(gpuRequests(a));
        List<String> env = TaskEnv.of(a).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        var cmd = client().createContainerCmd(image).withName(name).withEnv(env).withHostConfig(host)
                .withLabels(Map.of("io.layerx.task", a.task(), "io.layerx.job", a.job()));
        if (!a.spec().command().isEmpty()) cmd.withCmd(a.spec().command());
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            // a container of this task from a start the agent did not record (it died meanwhile): replace it
            client().removeContainerCmd(name).withForce(true).exec();
            return cmd.exec().getId();
        }
    }

    @Override
    public Status observe(LocalRecord r) {
        InspectContainerResponse c;
        try {
            c = client().inspectContainerCmd(r.container()).exec();
        } catch (NotFoundException e) {
            return new Ended(TaskState.FAILED, null, "the container " + r.container() + " is gone");
        } catch (RuntimeException e) {
            return new Running(); // the engine does not answer now: nothing is known to have changed
        }
        var state = c.getState();
        if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) return new Running();
        Integer code = state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue();
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            return new Ended(TaskState.FAILED, code, "OOM: the container went over its memory limit and was killed");
        }
        if (code == null) return new Ended(TaskState.FAILED, null, "the container ended without an exit code");
        if (code == SIGKILLED && oomMayFollow(c)) return new Running();
        return new Ended(TaskState.EXITED, code, "exit code " + code);
    }

    /**
     * True while a container with a memory limit that was SIGKILLed ended less than {@link #OOM_FLAG_WAIT} ago: the
     * engine may set {@code OOMKilled} after it reports the exit (its OOM event and its exit event race), so the end
     * is read again a little later before it is reported as a plain exit.
     */
    private boolean oomMayFollow(InspectContainerResponse c) {
        Long memory = c.getHostConfig() == null ? null : c.getHostConfig().getMemory();
        if (memory == null || memory <= 0) return false;
        try {
            java.time.Instant finished = java.time.Instant.parse(c.getState().getFinishedAt());
            return clock.instant().isBefore(finished.plus(OOM_FLAG_WAIT));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void stop(LocalRecord r, Duration grace) {
        if (r.container() == null) return;
        try {
            client().stopContainerCmd(r.container()).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // gone or already stopped
        }
    }

    @Override
    public Optional<String> check(LocalRecord r, Assignment a, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        try {
            String exec = client().execCreateCmd(r.container()).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            try (var run = client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>())) {
                if (!run.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Optional.of(String.join(" ", command) + " took longer than " + timeout.toMillis() + " ms");
                }
            }
            Long code = client().inspectExecCmd(exec).exec().getExitCodeLong();
            return code != null && code == 0 ? Optional.empty()
                    : Optional.of(String.join(" ", command) + " exited " + code + " in the container");
        } catch (RuntimeException e) {
            throw new IOException("cannot run the check in the container: " + message(e), e);
        }
    }

    /**
     * Updates the container's limits through the engine: {@code NanoCpus} (as created: the engine refuses to mix it
     * with a CFS quota), {@code Memory}, and {@code MemorySwap} at twice the memory, as the engine sets it at create
     * (it refuses a memory above the swap limit in force unless both change). An engine cannot lift a limit in place
     * (a 0 there means "unchanged"): a size of 0 where the container has a limit is refused with why. Podman 4.3's
     * Docker API has no update route (404 for a container just inspected): its libpod update is used then, which
     * changes the container's cgroups (its inspect keeps showing the old limits).
     */
    @Override
    public Resized resize(LocalRecord r, Resources to) {
        Resources from = r.resources();
        HostConfig now;
        try {
            now = client().inspectContainerCmd(r.container()).exec().getHostConfig();
        } catch (RuntimeException e) {
            return new Resized(from, "cannot read the container's limits: " + message(e));
        }
        long memory = now == null || now.getMemory() == null ? 0 : now.getMemory();
        long nanoCpus = now == null || now.getNanoCPUs() == null ? 0 : now.getNanoCPUs();
        List<String> lifted = new ArrayList<>();
        if (to.memory() == 0 && memory > 0) lifted.add("memory");
        if (to.cpu() == 0 && nanoCpus > 0) lifted.add("cpu");
        if (!lifted.isEmpty()) {
            return new Resized(from, "the engine cannot lift a running container's " + String.join(" and ", lifted)
                    + " limit; recreate the task to run it without one");
        }
        if (to.memory() == 0 && to.cpu() == 0) return new Resized(to, "");
        var update = client().updateContainerCmd(r.container());
        if (to.memory() > 0) update.withMemory(to.memory() << 20).withMemorySwap(2 * (to.memory() << 20));
        if (to.cpu() > 0) update.withNanoCPUs(to.cpu() * 1_000_000L);
        try {
            update.exec();
            return new Resized(to, "");
        } catch (NotFoundException e) {
            // the container was just inspected: it is the route that is missing (podman 4.3)
            return libpodUpdate(r.container(), from, to);
        } catch (RuntimeException e) {
            return new Resized(from, "the engine refused the new limits: " + message(e));
        }
    }

    /** Podman's own {@code POST /libpod/containers/{id}/update}, with an OCI {@code LinuxResources} body. */
    private Resized libpodUpdate(String container, Resources from, Resources to) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (to.memory() > 0) body.put("memory", Map.of("limit", to.memory() << 20, "swap", 2 * (to.memory() << 20)));
        if (to.cpu() > 0) body.put("cpu", Map.of("quota", to.cpu() * 100, "period", 100_000));
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/v4.0.0/libpod/containers/" + container + "/update").putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(Codec.encode(body))).build();
        try (DockerHttpClient.Response r = transport.execute(request)) {
            if (r.getStatusCode() / 100 == 2) return new Resized(to, "");
            String answer = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new Resized(from, r.getStatusCode() == 404
                    ? "the engine at " + host + " has no container update route (neither Docker's nor podman's libpod)"
                    : "the engine refused the new limits: " + answer);
        } catch (IOException | RuntimeException e) {
            return new Resized(from, "cannot update the container: " + e.getMessage());
        }
    }

    /**
     * From the engine's stats ({@code GET /containers/ID/stats?stream=false&one-shot=true}: one reading, no wait):
     * cpu time, memory usage less inactive file cache, rss (cgroup v1) or anon (v2), and pids.
     */
    @Override
    public Optional<Counters> counters(LocalRecord r) {
        if (r.container() == null) return Optional.empty();
        client(); // makes the transport
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + r.container() + "/stats?stream=false&one-shot=true").build();
        try (DockerHttpClient.Response answer = transport.execute(request)) {
            if (answer.getStatusCode() != 200) return Optional.empty();
            return Optional.of(EngineStats.counters(Codec.mapper().readTree(answer.getBody())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void release(LocalRecord r) {
        if (r.container() == null) return;
        try {
            client().removeContainerCmd(r.container()).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    private static String message(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof DockerException)) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (client != null) client.close();
        } catch (IOException e) {
            // closing: nothing left to do
        } finally {
            lock.unlock();
        }
    }
}

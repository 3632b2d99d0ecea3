package io.layerx.cli.bench;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.model.Cluster;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.store.Codec;
import io.layerx.web.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submit-to-running of a one-task exec job on a real node: a server on loopback (embedded store in a scratch
 * folder) and one agent in this process. Each run submits a job over the REST API and stops the clock when the
 * store holds its task as {@code running} (the agent started the process and reported it; the event stream shows
 * the commit); then the job is stopped and its process ends before the next run.
 */
public final class StartBench {

    /** What one bench is asked to do. */
    public record Params(int runs, List<String> command) {
    }

    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);

    private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> assigned = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> ended = new ConcurrentHashMap<>();

    private StartBench() {
    }

    public static Map<String, Object> run(Params p) throws Exception {
        Path dir = Files.createTempDirectory("layerx-start-bench");
        try (LayerXServer server = LayerXServer.start(new ServerConfig(dir.resolve("server"), "127.0.0.1", 0));
             HttpClient http = HttpClient.newHttpClient()) {
            server.controlPlane().addCluster(new Cluster("bench", "agent", Map.of(), Map.of(), null));
            String joinToken = server.tokens().create(Role.AGENT, "bench");
            StartBench bench = new StartBench();
            try (Agent agent = Agent.start(new AgentConfig(List.of(server.address()), joinToken, "bench", "bench-1", Map.of(),
                         0, 0, dir.resolve("agent"), "127.0.0.1", 0, "127.0.0.1", null, 0), InstantSource.system());
                 AutoCloseable events = server.controlPlane().subscribe(0, e -> bench.onEvent(e.object()), e -> { })) {
                String token = Files.readString(server.adminTokenFile()).strip();
                List<Double> ms = new ArrayList<>();
                List<Double> placed = new ArrayList<>();
                for (int i = 0; i < p.runs(); i++) {
                    double[] run = bench.once(server, http, token, "start-" + i, p.command());
                    ms.add(run[0]);
                    placed.add(run[1]);
                }
                return summary(p, ms, placed, agent.cgroups());
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void onEvent(Object o) {
        if (!(o instanceof Task t)) return;
        if (t.state() == TaskState.ASSIGNED) {
            assigned.computeIfAbsent(t.job(), k -> new CompletableFuture<>()).complete(System.nanoTime());
        } else if (t.state() == TaskState.RUNNING) {
            running.computeIfAbsent(t.job(), k -> new CompletableFuture<>()).complete(System.nanoTime());
        } else if (t.state().terminal()) {
            ended.computeIfAbsent(t.job(), k -> new CompletableFuture<>()).complete(null);
        }
    }

    /** One run: milliseconds from the submit until running, and until placed. */
    private double[] once(LayerXServer server, HttpClient http, String token, String job, List<String> command)
            throws Exception {
        String json = Codec.mapper().writeValueAsString(Map.of("name", job,
                "constraints", List.of("cluster.name == bench"),
                "task", Map.of("command", command, "resources", Map.of("cpu", 10, "memory", 16))));
        CompletableFuture<Long> up = running.computeIfAbsent(job, k -> new CompletableFuture<>());
        HttpRequest req = HttpRequest.newBuilder(server.address().resolve(URI.create("/v1/jobs")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("submit " + job + ": " + r.statusCode() + " " + r.body());
        long at = await(up, job + " to run");
        long placedAt = await(assigned.computeIfAbsent(job, k -> new CompletableFuture<>()), job + " to be placed");
        server.controlPlane().stopJob(job);
        await(ended.computeIfAbsent(job, k -> new CompletableFuture<>()), job + " to stop");
        return new double[] {(at - start) / 1e6, (placedAt - start) / 1e6};
    }

    private static <T> T await(CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("waited " + RUN_LIMIT.toSeconds() + " s for " + what);
        }
    }

    private static Map<String, Object> summary(Params p, List<Double> ms, List<Double> placed, String cgroups) {
        List<Double> sorted = ms.stream().sorted().toList();
        List<Double> placedSorted = placed.stream().sorted().toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "submit-to-running, one-task exec job, one agent on loopback");
        out.put("command", String.join(" ", p.command()));
        out.put("cgroups", cgroups);
        out.put("runs", ms.size());
        out.put("p50_ms", round(percentile(sorted, 50)));
        out.put("p99_ms", round(percentile(sorted, 99)));
        out.put("min_ms", round(sorted.getFirst()));
        out.put("max_ms", round(sorted.getLast()));
        out.put("mean_ms", round(ms.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        out.put("placed_p50_ms", round(percentile(placedSorted, 50)));
        out.put("placed_p99_ms", round(percentile(placedSorted, 99)));
        return out;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double pct) {
        int rank = (int) Math.ceil(pct / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path f : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}

package io.layerx.cli.bench;

import io.layerx.model.Cluster;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One-task jobs submitted over the REST API: a real server on loopback (embedded store in a scratch folder, its
 * synced commits) with a simulated cluster of {@code nodes} nodes, and a client in the same process offering
 * {@code rate} jobs per second, each its own {@code POST /v1/jobs} or {@link Params#batch} of them per
 * {@code POST /v1/jobs/batch} (JDK HttpClient, HTTP/1.1 keep-alive, at most {@link Params#inFlight} requests
 * outstanding), each answered only once its jobs are durable. Measured: the jobs accepted per second (those of
 * answered requests over the time until the last answer), the answer's latency, and the tasks placed per second
 * (their {@code assigned} event on the server's event stream). The requests of the first {@code warmup} are sent
 * but not timed.
 */
public final class SubmitBench {

    /**
     * What one bench is asked to do.
     *
     * @param batch jobs per request: 1 sends each to {@code POST /v1/jobs}, more sends them together to
     *              {@code POST /v1/jobs/batch} (one commit for all)
     */
    public record Params(int nodes, int rate, Duration duration, Duration warmup, int inFlight, int batch) {
    }

    private static final String PREFIX = "sub-";
    private static final Duration PLACE_LIMIT = Duration.ofMinutes(5);
    private static final long TICK_NANOS = 1_000_000;

    private final Set<String> placed = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastPlaced = new AtomicLong();

    private SubmitBench() {
    }

    public static Map<String, Object> run(Params p) throws Exception {
        Path dir = Files.createTempDirectory("layerx-submit-bench");
        try (LayerXServer server = LayerXServer.start(new ServerConfig(dir.resolve("server"), "127.0.0.1", 0));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            server.controlPlane().addCluster(new Cluster("big", "sim", Map.of(), Map.of("nodes", String.valueOf(p.nodes()),
                    "cpu", "4000", "memory", "16384", "zones", "3", "startDelayMs", String.valueOf(Duration.ofHours(1).toMillis())), null));
            if (!within(Duration.ofMinutes(2), () -> server.controlPlane().nodes("big").size() == p.nodes())) {
                throw new IllegalStateException("the " + p.nodes() + " simulated nodes did not register within 2 minutes");
            }
            SubmitBench bench = new SubmitBench();
            try (AutoCloseable events = server.controlPlane().subscribe(0, e -> bench.onEvent(e.object()), e -> { })) {
                String token = Files.readString(server.adminTokenFile()).strip();
                URI route = server.address().resolve(URI.create(p.batch() == 1 ? "/v1/jobs" : "/v1/jobs/batch"));
                return bench.offer(p, http, route, token);
            }
        } finally {
            StartBench.deleteTree(dir);
        }
    }

    private void onEvent(Object o) {
        if (o instanceof Task t && t.state() == TaskState.ASSIGNED && t.job().startsWith(PREFIX) && placed.add(t.id())) {
            lastPlaced.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    private Map<String, Object> offer(Params p, HttpClient http, URI route, String token) throws Exception {
        int total = (int) Math.max(1, (long) p.rate() * p.duration().toMillis() / 1000);
        int requests = (total + p.batch() - 1) / p.batch();
        long period = 1_000_000_000L * p.batch() / p.rate();
        int expected = p.batch() == 1 ? 201 : 200;
        long[] latency = new long[requests];
        AtomicInteger timed = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        AtomicLong lastAnswer = new AtomicLong();
        AtomicLong behind = new AtomicLong();
        Semaphore slots = new Semaphore(p.inFlight());
        long start = System.nanoTime();
        long timedFrom = start + p.warmup().toNanos();
        int next = 0;
        while (next < requests) {
            long now = System.nanoTime();
            long due = start + next * period;
            if (due > now) {
                LockSupport.parkNanos(Math.max(due - now, TICK_NANOS));
                continue;
            }
            while (next < requests && start + next * period <= now) {
                int first = next++ * p.batch();
                int jobs = Math.min(p.batch(), total - first);
                if (!slots.tryAcquire()) {
                    behind.incrementAndGet();
                    slots.acquire();
                }
                HttpRequest req = HttpRequest.newBuilder(route).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(first, jobs, p.batch() > 1))).build();
                long began = System.nanoTime();
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long ended = System.nanoTime();
                    if (e == null && r.statusCode() == expected) {
                        accepted.addAndGet(jobs);
                        if (began >= timedFrom) latency[timed.getAndIncrement()] = ended - began;
                    } else {
                        refused.addAndGet(jobs);
                        firstRefusal.compareAndSet(null, e != null ? e.toString() : r.statusCode() + " " + r.body());
                    }
                    lastAnswer.accumulateAndGet(ended, Math::max);
                    slots.release();
                });
            }
        }
        slots.acquire(p.inFlight());
        boolean complete = within(PLACE_LIMIT, () -> placed.size() >= accepted.get());
        List<Double> sorted = Arrays.stream(latency, 0, timed.get()).sorted().mapToObj(n -> n / 1e6).toList();
        double seconds = (lastAnswer.get() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "one-task jobs over " + (p.batch() == 1 ? "POST /v1/jobs" : "POST /v1/jobs/batch, "
                + p.batch() + " per request") + ", server and client on loopback, embedded store");
        out.put("offered_jobs_per_second", p.rate());
        out.put("jobs_per_request", p.batch());
        out.put("jobs", total);
        out.put("accepted", accepted.get());
        out.put("refused", refused.get());
        if (firstRefusal.get() != null) out.put("first_refusal", firstRefusal.get());
        out.put("submitted_jobs_per_second", Math.round(accepted.get() / seconds));
        out.put("requests_per_second", Math.round(requests / seconds));
        out.put("placed", placed.size());
        out.put("placed_per_second", Math.round(placed.size() / ((Math.max(lastPlaced.get(), start + 1) - start) / 1e9)));
        out.put("submit_p50_ms", ms(sorted, 50));
        out.put("submit_p99_ms", ms(sorted, 99));
        out.put("submit_p999_ms", ms(sorted, 99.9));
        out.put("timed", sorted.size());
        out.put("requests_held_back", behind.get());
        out.put("in_flight_limit", p.inFlight());
        out.put("nodes", p.nodes());
        out.put("warmup_seconds", p.warmup().toSeconds());
        out.put("complete", complete && refused.get() == 0 && placed.size() == total);
        return out;
    }

    /** One job, or a JSON list of {@code count} jobs, numbered from {@code first}. */
    private static String body(int first, int count, boolean list) {
        StringBuilder b = new StringBuilder(list ? "[" : "");
        for (int i = first; i < first + count; i++) {
            if (i > first) b.append(',');
            b.append("{\"name\":\"").append(PREFIX).append(i)
                    .append("\",\"task\":{\"command\":[\"sleep\",\"3600\"],\"resources\":{\"cpu\":100,\"memory\":128}}}");
        }
        return list ? b.append(']').toString() : b.toString();
    }

    /** Polls {@code done} every 10 ms until it holds (true) or {@code limit} has passed (false). */
    private static boolean within(Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(10_000_000);
        }
        return true;
    }

    private static double ms(List<Double> sorted, double pct) {
        return sorted.isEmpty() ? 0 : Math.round(StartBench.percentile(sorted, pct) * 100) / 100.0;
    }
}

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
 * {@code rate} {@code POST /v1/jobs} requests per second (JDK HttpClient, HTTP/1.1 keep-alive, at most
 * {@link Params#inFlight} requests outstanding), each answered only once the job is durable. Measured: the jobs
 * accepted per second (201s over the time until the last answer), the answer's latency, and the tasks placed per
 * second (their {@code assigned} event on the server's event stream). The first {@code warmup} of requests are
 * sent but not timed.
 */
public final class SubmitBench {

    /** What one bench is asked to do. */
    public record Params(int nodes, int rate, Duration duration, Duration warmup, int inFlight) {
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
                return bench.offer(p, http, server.address().resolve(URI.create("/v1/jobs")), token);
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

    private Map<String, Object> offer(Params p, HttpClient http, URI jobs, String token) throws Exception {
        int total = (int) Math.max(1, (long) p.rate() * p.duration().toMillis() / 1000);
        long period = 1_000_000_000L / p.rate();
        long[] latency = new long[total];
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
        while (next < total) {
            long now = System.nanoTime();
            long due = start + next * period;
            if (due > now) {
                LockSupport.parkNanos(Math.max(due - now, TICK_NANOS));
                continue;
            }
            while (next < total && start + next * period <= now) {
                int i = next++;
                if (!slots.tryAcquire()) {
                    behind.incrementAndGet();
                    slots.acquire();
                }
                String body = "{\"name\":\"" + PREFIX + i + "\",\"task\":{\"command\":[\"sleep\",\"3600\"],\"resources\":{\"cpu\":100,\"memory\":128}}}";
                HttpRequest req = HttpRequest.newBuilder(jobs).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long began = System.nanoTime();
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long ended = System.nanoTime();
                    if (e == null && r.statusCode() == 201) {
                        accepted.incrementAndGet();
                        if (began >= timedFrom) latency[timed.getAndIncrement()] = ended - began;
                    } else {
                        refused.incrementAndGet();
                        firstRefusal.compareAndSet(null, e != null ? e.toString() : r.statusCode() + " " + r.body());
                    }
                    lastAnswer.accumulateAndGet(ended, Math::max);
                    slots.release();
                });
            }
        }
        slots.acquire(p.inFlight());
        boolean complete = within(PLACE_LIMIT, () -> placed.size() >= accepted.get());
        long[] sorted = Arrays.copyOf(latency, timed.get());
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "one-task jobs over POST /v1/jobs, server and client on loopback, embedded store");
        out.put("offered_jobs_per_second", p.rate());
        out.put("jobs", total);
        out.put("accepted", accepted.get());
        out.put("refused", refused.get());
        if (firstRefusal.get() != null) out.put("first_refusal", firstRefusal.get());
        out.put("submitted_jobs_per_second", Math.round(accepted.get() / ((lastAnswer.get() - start) / 1e9)));
        out.put("placed", placed.size());
        out.put("placed_per_second", Math.round(placed.size() / ((Math.max(lastPlaced.get(), start + 1) - start) / 1e9)));
        out.put("submit_p50_ms", ms(sorted, 50));
        out.put("submit_p99_ms", ms(sorted, 99));
        out.put("submit_p999_ms", ms(sorted, 99.9));
        out.put("timed", sorted.length);
        out.put("requests_held_back", behind.get());
        out.put("in_flight_limit", p.inFlight());
        out.put("nodes", p.nodes());
        out.put("warmup_seconds", p.warmup().toSeconds());
        out.put("complete", complete && refused.get() == 0 && placed.size() == total);
        return out;
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

    private static double ms(long[] sorted, double pct) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(pct / 100 * sorted.length);
        return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e4) / 100.0;
    }
}

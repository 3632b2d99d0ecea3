package io.layerx.agent;

import io.layerx.model.HealthCheck;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Runs the health checks of the node's running tasks (command checks through the task's driver, where the task runs): each from {@code grace} after its task started, every
 * {@code interval}, one at a time per task, on a virtual thread. After {@code failures} failed checks in a row it
 * calls {@code unhealthy} with the task and why (once; the supervisor then stops the task and reports it failed).
 */
final class HealthProbes implements AutoCloseable {

    /** Runs a command check where the task runs. */
    @FunctionalInterface
    interface Commands {
        Optional<String> run(Assignment a, List<String> command, Duration timeout) throws IOException, InterruptedException;
    }

    private final InstantSource clock;
    private final BiConsumer<String, String> unhealthy;
    private final Commands commands;
    private HttpClient http; // made at the first http check: building one starts its selector thread
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    private static final class Watch {
        final Assignment assignment;
        Instant next;
        int failures;
        boolean inFlight;
        boolean reported;

        Watch(Assignment assignment, Instant next) {
            this.assignment = assignment;
            this.next = next;
        }
    }

    HealthProbes(InstantSource clock, BiConsumer<String, String> unhealthy, Commands commands) {
        this.clock = clock;
        this.unhealthy = unhealthy;
        this.commands = commands;
    }

    /** Checks the task (if its spec has a check and it is not watched yet), from its grace after {@code started}. */
    void watch(Assignment a, Instant started) {
        HealthCheck h = a.spec().health();
        if (h == null) return;
        watches.computeIfAbsent(a.task(), t -> new Watch(a, started.plus(h.grace())));
    }

    void forget(String task) {
        watches.remove(task);
    }

    /** Starts the checks that are due. */
    void tick() {
        Instant now = clock.instant();
        for (Watch w : watches.values()) {
            synchronized (w) {
                if (w.inFlight || w.reported || now.isBefore(w.next)) continue;
                w.inFlight = true;
            }
            Thread.ofVirtual().name("health-" + w.assignment.task()).start(() -> run(w));
        }
    }

    private void run(Watch w) {
        HealthCheck h = w.assignment.spec().health();
        Optional<String> problem = probe(h, w.assignment);
        boolean report;
        synchronized (w) {
            w.inFlight = false;
            w.next = clock.instant().plus(h.interval());
            w.failures = problem.isPresent() ? w.failures + 1 : 0;
            report = w.failures >= h.failures() && !w.reported;
            if (report) w.reported = true;
        }
        if (report && watches.get(w.assignment.task()) == w) {
            unhealthy.accept(w.assignment.task(), "unhealthy: " + h.failures() + " " + h.kind().wire()
                    + " checks failed in a row, the last: " + problem.orElse(""));
        }
    }

    /** One check: empty when healthy, else what went wrong. */
    Optional<String> probe(HealthCheck h, Assignment a) {
        try {
            return switch (h.kind()) {
                case HTTP -> http(URI.create("http://127.0.0.1:" + port(h, a) + h.path()), h.timeout());
                case TCP -> tcp(port(h, a), h.timeout());
                case COMMAND -> commands.run(a, h.command(), h.timeout());
            };
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static int port(HealthCheck h, Assignment a) throws IOException {
        Integer p = a.ports().get(h.port());
        if (p == null) throw new IOException("the task has no port labelled " + h.port());
        return p;
    }

    private Optional<String> http(URI url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        int status = http().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        return status >= 200 && status < 400 ? Optional.empty() : Optional.of("GET " + url + " answered " + status);
    }

    private static Optional<String> tcp(int port, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            return Optional.empty();
        }
    }

    private synchronized HttpClient http() {
        if (http == null) http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return http;
    }

    @Override
    public synchronized void close() {
        watches.clear();
        if (http != null) http.close();
    }
}

package io.layerx.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The agent's own HTTP endpoint: {@code GET /v1/logs/{task}?stream=stdout|stderr&follow=true} for the server, which
 * presents the log key it handed out at join. A followed log streams until the task ends (or the client goes away).
 */
final class LogServer implements AutoCloseable {

    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    private final HttpServer http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final DataDir data;
    private final Supplier<String> key;
    private final Predicate<String> running;
    private volatile boolean closed;

    /**
     * @param key     the bearer token the server must present (changes when the agent joins again)
     * @param running whether a task may still write to its log
     */
    LogServer(String host, int port, DataDir data, Supplier<String> key, Predicate<String> running) throws IOException {
        this.http = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.data = data;
        this.key = key;
        this.running = running;
        http.setExecutor(threads);
        http.createContext("/v1/logs/", this::handle);
    }

    void start() {
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String expected = key.get();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (expected == null || auth == null || !auth.equals("Bearer " + expected)) {
                reply(ex, 401, "the log key is not valid");
                return;
            }
            String task = ex.getRequestURI().getPath().substring("/v1/logs/".length());
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            boolean follow = query.contains("follow=true");
            Path file = query.contains("stream=stderr") ? data.stderr(task) : data.stdout(task);
            if (task.isBlank() || task.contains("/") || task.contains("..") || !Files.isRegularFile(file)) {
                reply(ex, 404, "no log of task " + task + " on this node");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            stream(file, task, follow, ex.getResponseBody());
        }
    }

    private void stream(Path file, String task, boolean follow, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file); WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
            byte[] buf = new byte[8192];
            while (!closed) {
                int n = in.read(buf);
                if (n > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    continue;
                }
                if (!follow || !running.test(task)) return;
                var k = watch.poll(FOLLOW_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        closed = true;
        http.stop(0);
        threads.shutdownNow();
    }
}

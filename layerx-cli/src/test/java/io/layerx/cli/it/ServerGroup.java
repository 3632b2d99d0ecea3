package io.layerx.cli.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import io.layerx.store.etcd.EtcdCluster;
import io.layerx.store.etcd.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real etcd members and several {@code layerx server --store etcd} child processes on loopback, each known by its
 * PID. Every server's admin token is valid on all of them (tokens live in the shared store).
 */
final class ServerGroup implements AutoCloseable {
    static final String PREFIX = "/it";

    /** One server process; {@code base} changes when it is restarted (it picks a free port each time). */
    static final class Server {
        final int index;
        final Path data;
        ChildProcess process;
        volatile URI base;
        /** Its Mesos API ({@code http://HOST:PORT/api/v1/scheduler}) when the group serves one, else null. */
        volatile URI mesos;
        volatile boolean paused;
        int starts;

        Server(int index, Path data) {
            this.index = index;
            this.data = data;
        }

        /** Running and not paused: it can answer. */
        boolean alive() {
            return !paused && process != null && process.handle().isAlive();
        }

        @Override
        public String toString() {
            return "server " + index + " (" + base + ", pid " + (process == null ? "-" : process.pid()) + ")";
        }
    }

    /** A reply: status and body. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return Codec.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final EtcdCluster etcd;
    final List<Server> servers = new ArrayList<>();
    final List<ChildProcess> agents = new ArrayList<>();
    private final Path dir;
    private final List<String> serverArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String token;

    private ServerGroup(Path dir, EtcdCluster etcd, List<String> serverArgs) {
        this.dir = dir;
        this.etcd = etcd;
        this.serverArgs = List.copyOf(serverArgs);
    }

    static ServerGroup start(Path dir, int members, int servers) throws IOException {
        return start(dir, members, servers, List.of());
    }

    /** As {@link #start(Path, int, int)}, each server also given {@code serverArgs} (e.g. --mesos-api 127.0.0.1:0). */
    static ServerGroup start(Path dir, int members, int servers, List<String> serverArgs) throws IOException {
        ServerGroup g = new ServerGroup(dir, EtcdCluster.start(dir.resolve("etcd"), members), serverArgs);
        try {
            for (int i = 0; i < servers; i++) g.servers.add(new Server(i, dir.resolve("s" + i)));
            for (Server s : g.servers) g.launch(s);
            for (Server s : g.servers) g.awaitUp(s);
            g.token = Files.readString(g.servers.getFirst().data.resolve("admin-token")).strip();
            return g;
        } catch (RuntimeException | Error | IOException e) {
            g.close();
            throw e;
        }
    }

    private void launch(Server s) throws IOException {
        s.starts++;
        List<String> args = new ArrayList<>(List.of("server", "--data", s.data.toString(), "--listen",
                "127.0.0.1:0", "--store", "etcd", "--etcd-endpoints", etcd.endpointList(), "--etcd-prefix", PREFIX));
        args.addAll(serverArgs);
        s.process = ChildProcess.start(ChildProcess.javaMain(args.toArray(String[]::new)),
                dir, Map.of(), dir.resolve("log-s" + s.index + "-" + s.starts));
    }

    private void awaitUp(Server s) {
        s.base = URI.create(s.process.awaitStdout("listening on (http://\\S+)", Duration.ofSeconds(60)));
        s.process.awaitHealthy(s.base, Duration.ofSeconds(30));
        if (serverArgs.contains("--mesos-api")) {
            s.mesos = URI.create(s.process.awaitStdout("Mesos API: +(http://\\S+)", Duration.ofSeconds(10)));
        }
    }

    /**
     * Starts {@code layerx agent} for node {@code name} of agent cluster {@code cluster}, given every server's address
     * ({@code --server A,B,C}); returns once the node is ready.
     */
    ChildProcess startAgent(String cluster, String name, String joinToken) throws IOException {
        String all = String.join(",", servers.stream().filter(Server::alive).map(s -> s.base.toString()).toList());
        ChildProcess agent = ChildProcess.start(ChildProcess.javaMain("agent", "--server", all, "--join-token",
                joinToken, "--cluster", cluster, "--name", name, "--cpu", "4000", "--memory", "4096", "--data",
                dir.resolve("agent-" + name).toString(), "--listen", "127.0.0.1:0"), dir, Map.of(),
                dir.resolve("log-agent-" + name));
        agents.add(agent);
        Server any = alive().getFirst();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("the agent exited: " + agent, () -> !agent.handle().isAlive())
                .until(() -> json(any, "/v1/nodes/" + name).path("state").asText().equals("ready"));
        return agent;
    }

    /** An admin token valid on every server. */
    String token() {
        return token;
    }

    /** Starts a killed server again on its data folder. */
    void restart(Server s) throws IOException {
        if (s.process.handle().isAlive()) throw new IllegalStateException(s + " still runs");
        launch(s);
        awaitUp(s);
    }

    /** SIGKILL, by PID. */
    void kill(Server s) {
        s.process.handle().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !s.process.handle().isAlive());
        s.paused = false;
    }

    void pause(Server s) {
        s.paused = true;
        Signals.send(s.process.pid(), "STOP");
    }

    void resume(Server s) {
        Signals.send(s.process.pid(), "CONT");
        s.paused = false;
    }

    List<Server> alive() {
        return servers.stream().filter(Server::alive).toList();
    }

    /** What {@code GET /v1/server} says, or empty when the server does not answer (or is paused). */
    Optional<JsonNode> status(Server s) {
        if (s.paused) return Optional.empty();
        try {
            Reply r = get(s, "/v1/server", Duration.ofSeconds(2));
            return r.status() == 200 ? Optional.of(r.json()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The live server that says it leads, if one does now. */
    Optional<Server> leader() {
        for (Server s : alive()) {
            if (status(s).map(j -> j.path("role").asText().equals("leader")).orElse(false)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Waits until a live server leads and every live server answers {@code GET /v1/jobs} (itself or forwarded). */
    Server awaitLeader(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            Optional<Server> l = leader();
            if (l.isEmpty()) return null;
            for (Server s : alive()) {
                if (get(s, "/v1/jobs", Duration.ofSeconds(5)).status() != 200) return null;
            }
            return l.get();
        }, l -> l != null);
    }

    Reply post(Server s, String path, String json) throws IOException {
        return send(s, HttpRequest.newBuilder(s.base.resolve(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply get(Server s, String path, Duration timeout) throws IOException {
        return send(s, HttpRequest.newBuilder(s.base.resolve(path)).timeout(timeout).GET());
    }

    /** GET that must answer 200. */
    JsonNode json(Server s, String path) throws IOException {
        Reply r = get(s, path, Duration.ofSeconds(30));
        if (r.status() != 200) throw new IllegalStateException("GET " + path + " on " + s + ": " + r);
        return r.json();
    }

    private Reply send(Server s, HttpRequest.Builder b) throws IOException {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Kills every server and etcd member that still runs, by PID. */
    @Override
    public void close() {
        agents.forEach(ChildProcess::close); // with the tasks they run
        for (Server s : servers) {
            if (s.process == null) continue;
            s.process.close();
        }
        http.close();
        etcd.close();
    }
}

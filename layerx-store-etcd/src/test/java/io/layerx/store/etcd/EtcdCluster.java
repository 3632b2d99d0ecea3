package io.layerx.store.etcd;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real etcd members (Debian's etcd-server) on loopback, for tests: free ports, data folders under {@code dir}, each
 * member known by its PID and stopped by it. Members can be SIGKILLed, paused (SIGSTOP), resumed and restarted on
 * their data. Started with the limits LayerX needs ({@code --max-txn-ops}, {@code --max-request-bytes}).
 */
public final class EtcdCluster implements AutoCloseable {

    /** One member: its name, ports and the process while it runs. */
    public static final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dataDir;
        Process process;

        Member(String name, int clientPort, int peerPort, Path dataDir) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.dataDir = dataDir;
        }

        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + clientPort);
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }
    }

    private final Path dir;
    private final List<Member> members;
    private final String initialCluster;

    private EtcdCluster(Path dir, List<Member> members) {
        this.dir = dir;
        this.members = members;
        this.initialCluster = members.stream().map(m -> m.name + "=http://127.0.0.1:" + m.peerPort)
                .collect(Collectors.joining(","));
    }

    /** Starts {@code size} members forming one cluster and waits until it has a leader. */
    public static EtcdCluster start(Path dir, int size) {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            members.add(new Member("m" + i, freePort(), freePort(), dir.resolve("m" + i)));
        }
        EtcdCluster cluster = new EtcdCluster(dir, members);
        try {
            members.forEach(cluster::launch);
            members.forEach(cluster::awaitUp);
            cluster.awaitLeader(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public Member member(int index) {
        return members.get(index);
    }

    public List<URI> endpoints() {
        return members.stream().map(Member::endpoint).toList();
    }

    /** The client URLs, comma-separated, as the CLI's {@code --etcd-endpoints} takes them. */
    public String endpointList() {
        return endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** The member that leads the Raft group now, if a running member knows one. */
    public Optional<Member> leader() {
        for (Member m : members) {
            if (!m.alive()) continue;
            JsonNode status = status(m);
            if (status == null) continue;
            long leader = status.path("Status").path("leader").asLong();
            long self = status.path("Status").path("header").path("member_id").asLong();
            if (leader != 0 && leader == self) return Optional.of(m);
        }
        return Optional.empty();
    }

    public Member awaitLeader(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(this::leader, Optional::isPresent)
                .orElseThrow();
    }

    /** SIGKILL: the member dies at once, as in a crash. */
    public void kill(Member m) {
        m.process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !m.process.isAlive());
    }

    /** Starts a stopped member again on its data folder. */
    public void restart(Member m) {
        if (m.alive()) throw new IllegalStateException(m.name + " still runs");
        launch(m);
        awaitUp(m);
    }

    public void pause(Member m) {
        Signals.send(m.pid(), "STOP");
    }

    public void resume(Member m) {
        Signals.send(m.pid(), "CONT");
    }

    /** Kills every member that still runs, by PID. */
    @Override
    public void close() {
        for (Member m : members) {
            if (m.process != null && m.process.isAlive()) {
                m.process.destroyForcibly();
                try {
                    m.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void launch(Member m) {
        List<String> cmd = List.of("etcd", "--name", m.name, "--data-dir", m.dataDir.toString(),
                "--listen-client-urls", m.endpoint().toString(), "--advertise-client-urls", m.endpoint().toString(),
                "--listen-peer-urls", "http://127.0.0.1:" + m.peerPort,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + m.peerPort,
                "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                "--initial-cluster-token", "layerx-test", "--max-txn-ops", "10000",
                "--max-request-bytes", "33554432", "--log-level", "warn");
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(m.name + ".log");
            m.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd (is etcd-server installed?)", e);
        }
    }

    /** Waits until the member serves clients (etcd opens its client port once it has joined the cluster). */
    private void awaitUp(Member m) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .failFast("etcd " + m.name + " exited; see " + dir.resolve(m.name + ".log"), () -> !m.process.isAlive())
                .until(() -> portOpen(m.clientPort));
    }

    private static JsonNode status(Member m) {
        try {
            Process p = new ProcessBuilder("etcdctl", "--endpoints", m.endpoint().toString(), "--command-timeout",
                    "2s", "endpoint", "status", "-w", "json").redirectErrorStream(false).start();
            p.getErrorStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            JsonNode all = Codec.mapper().readTree(new String(out, StandardCharsets.UTF_8));
            return all.isArray() && !all.isEmpty() ? all.get(0) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "etcd[", "]");
        members.forEach(m -> j.add(m.name + (m.alive() ? "@" + m.pid() : " (down)")));
        return j.toString();
    }
}

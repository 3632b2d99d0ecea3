package io.layerx.dockertest;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Engine API daemon started by a test: dockerd (no bridge, no iptables) or podman's compatible service
 * (runc, cgroupfs, ulimits below this machine's hard limits), each with private storage in a scratch folder, the
 * {@code local/busybox} image imported from busybox-static, and stopped by its PID. See MACHINE.md.
 */
public final class EngineDaemon implements AutoCloseable {

    public enum Kind { DOCKERD, PODMAN }

    public static final String IMAGE = "local/busybox";
    private static final Duration READY = Duration.ofSeconds(60);

    private final Kind kind;
    private final Path dir;
    private final Path socket;
    private Process process;

    private EngineDaemon(Kind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
        this.socket = dir.resolve(kind == Kind.DOCKERD ? "docker.sock" : "podman.sock");
    }

    /** Starts a daemon of {@code kind} in a fresh folder under {@code parent} and imports the busybox image. */
    public static EngineDaemon start(Kind kind, Path parent) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve(kind == Kind.DOCKERD ? "d" + System.nanoTime() % 10000 : "p" + System.nanoTime() % 10000));
        EngineDaemon d = new EngineDaemon(kind, dir);
        try {
            d.launch();
            d.importImage();
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The endpoint as a docker cluster takes it. */
    public String endpoint() {
        return "unix://" + socket;
    }

    public Path socket() {
        return socket;
    }

    public Kind kind() {
        return kind;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the daemon (again, after {@link #stopDaemon}) on the same storage, and waits until it answers. */
    public void launch() throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()));
        if (kind == Kind.PODMAN) pb.environment().put("CONTAINERS_CONF", containersConf().toString());
        process = pb.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!ping()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(kind + " did not start; its log: " + Files.readString(dir.resolve("daemon.log")));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    private List<String> command() {
        if (kind == Kind.DOCKERD) {
            return List.of(binary("dockerd", "docker.io"), "--data-root", dir.resolve("dk").toString(), "--exec-root",
                    dir.resolve("dx").toString(), "-H", endpoint(), "--pidfile", dir.resolve("docker.pid").toString(),
                    "--bridge=none", "--iptables=false", "--ip6tables=false", "--storage-driver", "vfs");
        }
        return List.of(binary("podman", "podman"), "--root", dir.resolve("root").toString(), "--runroot",
                dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(), "--storage-driver", "vfs",
                "system", "service", "--time=0", endpoint());
    }

    private static String binary(String name, String pkg) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(d, name))) return Path.of(d, name).toString();
        }
        throw new IllegalStateException(name + " is not installed: apt-get install " + pkg + " (.ci/run does)");
    }

    private Path containersConf() throws IOException {
        Path conf = dir.resolve("containers.conf");
        if (!Files.exists(conf)) {
            long nofile = Math.min(hardLimit("-Hn"), 20000);
            long nproc = Math.min(hardLimit("-Hu"), 32768);
            Files.writeString(conf, "[containers]\ndefault_ulimits = [\"nofile=" + nofile + ":" + nofile + "\", \"nproc="
                    + nproc + ":" + nproc + "\"]\n[engine]\ncgroup_manager = \"cgroupfs\"\nruntime = \"runc\"\n"
                    + "events_logger = \"file\"\n");
        }
        return conf;
    }

    private static long hardLimit(String flag) throws IOException {
        try {
            String out = run(List.of("bash", "-c", "ulimit " + flag), null).strip();
            return out.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** True when {@code GET /_ping} on the socket answers 200. */
    public boolean ping() {
        if (!Files.exists(socket)) return false;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(64);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")
                    || new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    private void importImage() throws IOException, InterruptedException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc")) Files.createDirectories(rootfs.resolve(d));
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) throw new IllegalStateException("/bin/busybox is missing: apt-get install busybox-static");
        Files.copy(busybox, rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "ls", "yes", "head", "true", "false", "env", "hostname",
                "tr", "httpd", "wc", "rm", "test")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        run(List.of("sh", "-c", "tar -C " + rootfs + " -c . | " + dockerCli() + " -H " + endpoint() + " import - " + IMAGE),
                null);
    }

    /** The docker CLI of this machine (docker.io's, or the one in /usr/local/bin). */
    public static String dockerCli() {
        for (String p : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new IllegalStateException("no docker CLI: apt-get install docker.io");
    }

    /** Runs the docker CLI against this engine directly (behind LayerX's back); returns its output. */
    public String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(dockerCli(), "-H", endpoint()));
        cmd.addAll(List.of(args));
        return run(cmd, null);
    }

    static String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (env != null) pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Stops the daemon by its PID and waits for it; the storage stays, so {@link #launch} can start it again. */
    public void stopDaemon() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Deletes a scratch folder (what podman and dockerd leave there is root's, in nested folders), unmounting first
     * what a daemon left mounted in it (dockerd binds the host network namespace under its exec-root once a
     * host-network container ran, and does not unbind it when it stops).
     */
    public static void delete(Path dir) throws IOException, InterruptedException {
        List<String> mounts = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].startsWith(dir + "/")) mounts.add(f[1]);
        }
        for (String m : mounts.reversed()) run(List.of("umount", "-l", m), null);
        run(List.of("rm", "-rf", dir.toString()), null);
    }

    /** Removes every container, stops the daemon by PID, and deletes the scratch folder. */
    @Override
    public void close() throws IOException {
        try {
            removeAllAndStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping " + kind, e);
        }
    }

    private void removeAllAndStop() throws IOException, InterruptedException {
        try {
            if (process != null && process.isAlive() && ping()) {
                String ids = docker("ps", "-aq").strip();
                if (!ids.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
            }
        } finally {
            stopDaemon();
            delete(dir);
        }
    }
}

package io.layerx.cli.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dockerd started by a test (no bridge, no iptables: no address outside loopback), with private storage in a
 * short scratch folder, the {@code local/busybox} image imported from busybox-static, and stopped by its PID. See
 * MACHINE.md.
 */
final class Dockerd implements AutoCloseable {

    static final String IMAGE = "local/busybox";

    private final Path dir;
    private final Process process;

    private Dockerd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static Dockerd start() throws IOException {
        Path dockerd = Path.of("/usr/sbin/dockerd");
        if (!Files.isExecutable(dockerd)) throw new IllegalStateException("no dockerd: apt-get install docker.io (.ci/run does)");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "dk");
        List<String> cmd = List.of(dockerd.toString(), "--data-root", dir.resolve("dk").toString(), "--exec-root",
                dir.resolve("dx").toString(), "-H", "unix://" + dir.resolve("docker.sock"), "--pidfile",
                dir.resolve("docker.pid").toString(), "--bridge=none", "--iptables=false", "--ip6tables=false",
                "--storage-driver", "vfs");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        Dockerd d = new Dockerd(dir, p);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("dockerd exited", () -> !p.isAlive())
                    .ignoreExceptions().until(() -> d.docker("version").contains("Server"));
            d.importBusybox();
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    String endpoint() {
        return "unix://" + dir.resolve("docker.sock");
    }

    private void importBusybox() throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc")) Files.createDirectories(rootfs.resolve(d));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "head", "tr", "httpd", "wc", "rm", "test")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        TestHosts.run("sh", "-c", "tar -C " + rootfs + " -c . | " + cli() + " -H " + endpoint() + " import - " + IMAGE);
    }

    /** The docker CLI against this engine, behind LayerX's back. */
    String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of(cli(), "-H", endpoint()));
        cmd.addAll(List.of(args));
        return TestHosts.run(cmd.toArray(String[]::new));
    }

    private static String cli() {
        for (String p : List.of("/usr/bin/docker", "/usr/local/bin/docker")) if (Files.isExecutable(Path.of(p))) return p;
        throw new IllegalStateException("no docker CLI: apt-get install docker.io");
    }

    /** Removes every container, stops dockerd by its PID (it stops its containerd) and deletes the folder. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                String ids = docker("ps", "-aq").strip();
                if (!ids.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("cannot remove the containers: " + e.getMessage());
        } finally {
            stop();
            unmountAll();
            TestHosts.run("rm", "-rf", dir.toString());
        }
    }

    /** What dockerd left mounted in its folder (the host network namespace it binds under exec-root). */
    private void unmountAll() {
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].startsWith(dir + "/")) mounts.add(f[1]);
            }
            for (String m : mounts.reversed()) TestHosts.run("umount", "-l", m);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot unmount what dockerd left in " + dir + ": " + e.getMessage());
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

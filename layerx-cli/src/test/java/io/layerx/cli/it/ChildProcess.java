package io.layerx.cli.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process this test started, known by its PID, with stdout and stderr in files. Closing it kills what is left of
 * it (and its descendants) by PID.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ChildProcess start(List<String> command, Path workDir, Map<String, String> env, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve("stdout.txt");
        Path err = logDir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("LAYERX_"));
        pb.environment().putAll(env);
        return new ChildProcess(pb.start(), out, err);
    }

    /** The java command of this JVM and its class path: a child JVM that can run {@code io.layerx.cli.Main}. */
    static List<String> javaMain(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.layerx.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    long pid() {
        return process.pid();
    }

    /** The process's standard input. */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Waits until stdout has a match of {@code regex}; returns its first group. */
    String awaitStdout(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast("the process exited: " + this, () -> !process.isAlive())
                .until(() -> {
                    Matcher m = p.matcher(stdout());
                    return m.find() ? Optional.of(m.group(1)) : Optional.<String>empty();
                }, Optional::isPresent).orElseThrow();
    }

    /** Waits until GET {@code base}/healthz answers 200. */
    void awaitHealthy(URI base, Duration timeout) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(2)).build();
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .failFast("the process exited: " + this, () -> !process.isAlive())
                    .until(() -> http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    /** Sends SIGTERM to the PID. */
    void terminate() {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroy);
    }

    /** Waits for the process to exit; returns its exit code. */
    int awaitExit(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "pid " + pid() + "\n--- stdout:\n" + stdout() + "--- stderr:\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

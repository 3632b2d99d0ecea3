package io.layerx.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A LayerX CLI process this test started (the agent, or one command), output in files, stopped by its PID. */
final class Child implements AutoCloseable {
    private final Process process;
    private final Path out;

    private Child(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** {@code layerx ARGS} in a child JVM on this test's class path, with env added to a clean LAYERX_* set. */
    static Child layerx(Path logs, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(logs);
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.layerx.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = logs.resolve(args[0] + "-" + System.nanoTime() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LAYERX_"));
        pb.environment().putAll(env);
        return new Child(pb.start(), out);
    }

    /** Waits for a one-shot command; its exit code and output. */
    Result await() throws IOException, InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("layerx did not end in 120 s: " + output());
        }
        return new Result(process.exitValue(), output());
    }

    String output() throws IOException {
        return Files.readString(out);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        ProcessHandle.of(process.pid()).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        });
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exit, String output) {
    }
}

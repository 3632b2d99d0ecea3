package io.layerx.provider.task.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real docker CLI of this machine, pointed at LayerX's Docker API with {@code -H}. */
record DockerCli(String binary, String host) {

    /** The CLIs on this machine: docker.io's 20.10 in /usr/bin and the newer one in /usr/local/bin. */
    static List<String> installed() {
        return List.of("/usr/local/bin/docker", "/usr/bin/docker").stream().filter(p -> Files.isExecutable(Path.of(p))).toList();
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "-H", host));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", Path.of(System.getProperty("java.io.tmpdir"), "layerx-docker-cli").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not end in 120 s");
        }
        return new Result(p.exitValue(), out.strip(), err.join().strip());
    }

    /** Runs and expects success; returns stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) throw new AssertionError(String.join(" ", args) + " failed: " + r);
        return r.out();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

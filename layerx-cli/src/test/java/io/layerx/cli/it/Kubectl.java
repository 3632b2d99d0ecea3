package io.layerx.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Debian's kubectl 1.20 (package kubernetes-client, unpacked by .ci/kubectl), run against LayerX's Kubernetes API
 * with the kubeconfig the server wrote, and its own home (its discovery cache).
 */
record Kubectl(Path binary, Path kubeconfig, Path home) {

    /** Where the build put kubectl ({@code layerx.kubectl}, or {@code LAYERX_KUBECTL}); null when it is not there. */
    static Path installed() {
        String p = System.getenv("LAYERX_KUBECTL");
        if (p == null || p.isBlank()) p = System.getProperty("layerx.kubectl");
        if (p == null || p.isBlank()) p = System.getProperty("user.home") + "/.cache/layerx/kubectl/usr/bin/kubectl";
        Path bin = Path.of(p);
        return Files.isExecutable(bin) ? bin : null;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    Result run(String... args) {
        return withInput(null, args);
    }

    /** Runs kubectl with {@code stdin} (e.g. a manifest for {@code -f -}). */
    Result withInput(String stdin, String... args) {
        Process p = start(args);
        try {
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end in 120 s");
            }
            return new Result(p.exitValue(), out.strip(), err.join().strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and expects success; returns stdout. */
    String ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + r);
        return r.out();
    }

    /** {@code kubectl apply -f -} of {@code manifest}; expects success. */
    String apply(String manifest) {
        Result r = withInput(manifest, "apply", "-f", "-");
        if (r.exit() != 0) throw new AssertionError("kubectl apply failed: " + r);
        return r.out();
    }

    /** A kubectl that keeps running (e.g. {@code get -w}); its stdout lines gather in {@link Running#lines()}. */
    Running background(String... args) {
        Process p = start(args);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        return new Running(p, lines);
    }

    record Running(Process process, List<String> lines) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private Process start(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--request-timeout=60s"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("HOME", home.toString());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

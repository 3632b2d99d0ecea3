package io.layerx.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The example external brain (examples/brains/first_fit.py) as a Python process, with what it printed. */
final class ExampleBrain implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "examples", "brains", "first_fit.py").toAbsolutePath().normalize();

    final List<String> out = new CopyOnWriteArrayList<>();
    private final Process process;

    private ExampleBrain(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(line);
            } catch (IOException e) {
                out.add("stdout closed: " + e.getMessage());
            }
        });
    }

    /**
     * Starts the brain named {@code first-fit} with a brain token made through {@code api}.
     *
     * @param servers the server addresses, comma-separated
     * @param step    wait for {@link #enter()} before each plan is submitted
     */
    static ExampleBrain start(ApiClient api, String servers, Path stderr, boolean step) throws IOException {
        String token = api.postJson("/v1/tokens", """
                {"role": "brain", "name": "first-fit"}""").json().get("token").asText();
        List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--server", servers, "--ttl", "30"));
        if (step) cmd.add("--step");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().put("LAYERX_TOKEN", token);
        return new ExampleBrain(pb.start());
    }

    /** Lets a brain started with {@code step} submit its plan. */
    void enter() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void aRestartKeepsTheAdminTokenAndTheJobs() throws Exception {
        String token;
        try (RunningServer first = new RunningServer(dir)) {
            token = Files.readString(first.server.adminTokenFile()).strip();
            int status = first.api.post("/v1/jobs", "application/yaml",
                    "name: durable\nreplicas: 0\ntask: {command: [x]}\n").status();
            assertThat(status).isEqualTo(201);
        }
        try (RunningServer second = new RunningServer(dir)) {
            assertThat(Files.readString(second.server.adminTokenFile()).strip()).isEqualTo(token);
            ApiClient.Reply job = second.api.withToken(token).get("/v1/jobs/durable");
            assertThat(job.status()).isEqualTo(200);
            assertThat(job.json().get("version").asLong()).isEqualTo(1);
        }
    }

    @Test
    void closingTheServerEndsOpenEventStreams() {
        RunningServer running = new RunningServer(dir);
        EventStreamReader stream = EventStreamReader.open(running.api, "/v1/events?from=1", null);
        try (stream) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.comments.isEmpty());
            running.close();
            await().atMost(Duration.ofSeconds(10)).until(stream::ended);
        }
    }

    @Test
    void aTakenPortIsRefusedAndLeavesTheDataFolderUsable() {
        try (RunningServer first = new RunningServer(dir.resolve("a"))) {
            int port = first.server.address().getPort();
            ServerConfig clash = new ServerConfig(dir.resolve("b"), "127.0.0.1", port);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayerXServer.start(clash))
                    .isInstanceOf(RuntimeException.class);
            // everything the failed start opened was closed: its store opens again
            try (RunningServer again = new RunningServer(dir.resolve("b"))) {
                assertThat(again.api.get("/healthz").status()).isEqualTo(200);
            }
        }
    }

    /**
     * The listening socket queues up to 1,024 connections not yet accepted (the JDK's default of 50 had a burst of
     * new clients to a cold server reset). Read from the kernel: {@code ss} shows a listener's queue as its Send-Q.
     */
    @Test
    void theApiListensWithADeepAcceptQueue() throws Exception {
        try (RunningServer running = new RunningServer(dir)) {
            int port = running.server.address().getPort();
            Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes()).strip();
            assertThat(ss.waitFor()).as(out).isZero();
            assertThat(out).as("ss -ltn for port " + port).startsWith("LISTEN");
            assertThat(Integer.parseInt(out.split("\\s+")[2])).as(out).isEqualTo(1024);
        }
    }
}

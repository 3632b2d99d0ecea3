package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.server.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsIT {
    @RegisterExtension
    static final RunningServer running = RunningServer.perClass();

    @Test
    void metricsArePrometheusTextWithRequestsByRouteAndStatus() {
        running.api.get("/v1/jobs/absent");
        running.api.get("/v1/jobs");
        Reply r = running.api.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body())
                .contains("# TYPE http_server_requests_seconds summary")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/v1/jobs/\\{name}\"[^}]*"
                        + "status=\"404\"[^}]*} 1")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"/v1/jobs\","
                        + "status=\"200\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthIsOkWithoutAToken() {
        Reply r = running.api.withToken(null).get("/healthz");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void theServerSaysWhereItIsAndKeepsTheTokenFilePrivate() throws Exception {
        assertThat(running.server.address().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(java.nio.file.Files.getPosixFilePermissions(running.server.adminTokenFile()))
                .hasSize(2);
    }
}

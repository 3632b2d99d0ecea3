package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerx bench submit} drives a real server over HTTP and counts every job it accepted (no speed asserted). */
class BenchSubmitIT {

    @TempDir
    Path home;

    @Test
    void everyJobOfferedOverHttpIsAcceptedAndPlaced() throws Exception {
        Cli.Result r = new Cli(Map.of(), home).run("bench", "submit", "--nodes", "20", "--rate", "100", "--seconds", "2",
                "--warmup-seconds", "1", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = Codec.mapper().readTree(r.out());
        assertThat(json.get("jobs").asInt()).isEqualTo(200);
        assertThat(json.get("accepted").asInt()).as(r.out()).isEqualTo(200);
        assertThat(json.get("placed").asInt()).isEqualTo(200);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("submit_p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(json.get("submit_p99_ms").asDouble());
    }

    @Test
    void batchesCarryEveryJobTheLastOneTheRemainder() throws Exception {
        Cli.Result r = new Cli(Map.of(), home).run("bench", "submit", "--nodes", "40", "--rate", "500", "--seconds", "2",
                "--warmup-seconds", "1", "--batch", "30", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = Codec.mapper().readTree(r.out());
        assertThat(json.get("jobs").asInt()).isEqualTo(1000);
        assertThat(json.get("jobs_per_request").asInt()).isEqualTo(30);
        assertThat(json.get("accepted").asInt()).as(r.out()).isEqualTo(1000);
        assertThat(json.get("placed").asInt()).isEqualTo(1000);
        assertThat(json.get("complete").asBoolean()).isTrue();
    }

    @Test
    void badOptionsAreOneClearError() {
        Cli.Result r = new Cli(Map.of(), home).run("bench", "submit", "--rate", "0", "--seconds", "0", "--batch", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--batch must be between 1 and 1000, got 0");
        assertThat(r.err()).contains("--rate must be between 1 and 100000, got 0")
                .contains("--seconds must be between 1 and 3600, got 0");
    }
}

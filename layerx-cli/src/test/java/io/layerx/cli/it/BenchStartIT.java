package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.Cli;
import io.layerx.store.Codec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerx bench start} runs its real server and agent, and reports percentiles of every run (no speed asserted). */
class BenchStartIT {

    @TempDir
    Path home;

    @Test
    void reportsSubmitToRunningPercentilesOverItsRuns() throws Exception {
        Cli.Result r = new Cli(Map.of(), home).run("bench", "start", "--runs", "3", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = Codec.mapper().readTree(r.out());
        assertThat(json.get("runs").asInt()).isEqualTo(3);
        assertThat(json.get("p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(json.get("p99_ms").asDouble());
        assertThat(json.get("placed_p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(json.get("p50_ms").asDouble());
    }

    @Test
    void aBadRunCountIsAClearError() {
        Cli.Result r = new Cli(Map.of(), home).run("bench", "start", "--runs", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--runs must be between 1 and 100000, got 0");
    }

    @AfterEach
    void cleanCgroups() {
        CgroupCleanup.remove("bench-1");
    }
}

package io.layerx.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CellsTest {

    private static JsonNode json(String text) throws Exception {
        return Codec.mapper().readTree(text);
    }

    @ParameterizedTest
    @CsvSource({"-5, 0s", "0, 0s", "45, 45s", "119, 119s", "200, 3m20s", "300, 5m", "1500, 25m", "18600, 5h10m",
            "108000, 30h", "280800, 3d6h", "1728000, 20d", "64022400, 2y11d", "315360000, 10y"})
    void agesReadLikeKubectl(long seconds, String expected) {
        assertThat(Cells.age(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void ageOfAFieldIsMeasuredToNow() throws Exception {
        JsonNode task = json("{\"created\": \"2025-01-01T00:00:00Z\", \"bad\": \"yesterday\"}");
        Instant now = Instant.parse("2025-01-01T00:01:30Z");
        assertThat(Cells.age(task, "created", now)).isEqualTo("90s");
        assertThat(Cells.age(task, "bad", now)).isNull();
        assertThat(Cells.age(task, "missing", now)).isNull();
    }

    @Test
    void quantitiesCarryTheirUnits() throws Exception {
        JsonNode node = json("{\"capacity\": {\"cpu\": 4000, \"memory\": 8192}, \"allocated\": {\"cpu\": 750,"
                + " \"memory\": 384}}");
        assertThat(Cells.cpu(node.path("capacity"))).isEqualTo("4000m");
        assertThat(Cells.memory(node.path("capacity"))).isEqualTo("8192Mi");
        assertThat(Cells.usage(node, "cpu")).isEqualTo("750m/4000m");
        assertThat(Cells.usage(node, "memory")).isEqualTo("384Mi/8192Mi");
    }

    @Test
    void countsListNonZeroStatesInLifeOrder() throws Exception {
        assertThat(Cells.counts(json("{\"running\": 3, \"pending\": 2, \"lost\": 0, \"exited\": 1}")))
                .isEqualTo("pending=2 running=3 exited=1");
        assertThat(Cells.counts(json("{}"))).isEmpty();
    }

    @Test
    void textIsNullForMissingAndJsonNull() throws Exception {
        JsonNode t = json("{\"node\": null, \"job\": \"web\"}");
        assertThat(Cells.text(t, "node")).isNull();
        assertThat(Cells.text(t, "nope")).isNull();
        assertThat(Cells.text(t, "job")).isEqualTo("web");
        assertThat(Cells.orDash(null)).isEqualTo("-");
        assertThat(Cells.pairs(json("{\"zone\": \"z1\", \"rack\": \"r2\"}"))).isEqualTo("zone=z1,rack=r2");
    }
}

package io.layerx.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsBareMillisecondsAndIso() {
        assertThat(converter.convert("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(converter.convert("150")).isEqualTo(Duration.ofMillis(150));
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAnythingElseWithAnExample() {
        assertThatThrownBy(() -> converter.convert("soon"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("e.g. 200ms");
    }
}

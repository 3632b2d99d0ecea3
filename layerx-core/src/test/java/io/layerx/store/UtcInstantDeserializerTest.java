package io.layerx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UtcInstantDeserializerTest {

    record Stamp(Instant at) {
    }

    @Property(tries = 2_000)
    void everyInstantReadsBackAsWritten(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
                                        @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant at = Instant.ofEpochSecond(seconds, nanos);
        assertThat(UtcInstantDeserializer.parse(at.toString())).isEqualTo(at);
        assertThat(Codec.decode(Codec.encode(new Stamp(at)), Stamp.class).at()).isEqualTo(at);
    }

    @Test
    void otherFormsAreLeftToJsr310() {
        for (String s : new String[] {"2026-12-07T01:39:12+01:00", "2026-02-30T00:00:00Z", "2026-12-07T24:00:00Z",
                "2026-12-07T00:39:12.Z", "2026-12-07 00:39:12Z", "+12026-12-07T00:39:12Z", "2026-12-07T00:39:1xZ"}) {
            assertThat(UtcInstantDeserializer.parse(s)).as(s).isNull();
        }
        byte[] offset = Codec.encode(Map.of("at", "2026-12-07T01:39:12+01:00"));
        assertThat(Codec.decode(offset, Stamp.class).at()).isEqualTo(Instant.parse("2026-12-07T00:39:12Z"));
        byte[] seconds = Codec.encode(Map.of("at", 1_765_067_952L));
        assertThat(Codec.decode(seconds, Stamp.class).at()).isEqualTo(Instant.ofEpochSecond(1_765_067_952L));
    }
}

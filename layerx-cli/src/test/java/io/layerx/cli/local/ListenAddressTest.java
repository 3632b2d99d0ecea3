package io.layerx.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ListenAddressTest {

    private final ListenAddress.Converter converter = new ListenAddress.Converter();

    @Test
    void readsHostPortIpv6AndEveryInterface() {
        assertThat(converter.convert("127.0.0.1:7470")).isEqualTo(new ListenAddress("127.0.0.1", 7470));
        assertThat(converter.convert("[::1]:0")).isEqualTo(new ListenAddress("::1", 0));
        assertThat(converter.convert(":8080")).isEqualTo(new ListenAddress("0.0.0.0", 8080));
        assertThat(new ListenAddress("::1", 7).toString()).isEqualTo("[::1]:7");
    }

    @Test
    void refusesWhatIsNotHostPortWithAnExample() {
        for (String bad : new String[] {"localhost", "host:http", "host:70000"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("e.g. 127.0.0.1:7470");
        }
    }
}

package io.layerx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTest {

    @Test
    void blankVariablesCountAsUnsetAndUpKeepsItsDataUnderHome() {
        Context c = new Context(Map.of("A", "x", "B", " "), Path.of("/home/u"), new ByteArrayInputStream(new byte[0]),
                InstantSource.system());
        assertThat(c.env("A", "d")).isEqualTo("x");
        assertThat(c.env("B", "d")).isEqualTo("d");
        assertThat(c.env("C", "d")).isEqualTo("d");
        assertThat(c.upDataDir()).isEqualTo(Path.of("/home/u/.layerx/up"));
    }

    @Test
    void theRealHomeIsTheHomeVariableWhenSet() {
        String home = System.getenv("HOME");
        if (home != null && !home.isBlank()) {
            assertThat(Context.system().home()).isEqualTo(Path.of(home));
        }
    }
}

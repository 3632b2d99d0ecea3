package io.layerx.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.Context;
import io.layerx.model.Cluster;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpCommandTest {

    private static UpCommand up(Map<String, String> env) {
        return new UpCommand(new Context(env, Path.of("/home/u"), new ByteArrayInputStream(new byte[0]),
                InstantSource.system()));
    }

    @Test
    void twoSimulatedClustersOfEightNodesInTwoZones() {
        assertThat(UpCommand.SIM_CLUSTERS).extracting(Cluster::name).containsExactly("sim-a", "sim-b");
        assertThat(UpCommand.SIM_CLUSTERS).extracting(c -> c.labels().get("zone")).containsExactly("z1", "z2");
        assertThat(UpCommand.SIM_CLUSTERS).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo("sim");
            assertThat(c.settings()).containsEntry("nodes", "8").containsEntry("cpu", "4000")
                    .containsEntry("memory", "8192").containsEntry("startDelayMs", "200");
        });
    }

    @Test
    void examplesAreRelativeInsideTheRepositoryAndAbsoluteOutside() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(up(Map.of("LAYERX_REPO", cwd.toString())).exampleFile("web.yaml"))
                .isEqualTo(Path.of("examples", "web.yaml").toString());
        assertThat(up(Map.of("LAYERX_REPO", "/elsewhere/layerx")).exampleFile("web.yaml"))
                .isEqualTo("/elsewhere/layerx/examples/web.yaml");
    }
}

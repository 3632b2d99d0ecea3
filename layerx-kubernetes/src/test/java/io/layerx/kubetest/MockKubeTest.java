package io.layerx.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockKubeTest {
    @Test
    void nodesCanBeAddedAndListed() {
        try (MockKube k = MockKube.start()) {
            k.addNode("n1", 1000, 1024, Map.of(), List.of());
            assertThat(k.client().nodes().list().getItems()).hasSize(1);
        }
    }
}

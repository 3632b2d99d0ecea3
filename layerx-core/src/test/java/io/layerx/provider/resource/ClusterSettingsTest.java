package io.layerx.provider.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void aMissingSettingIsItsDefaultAndAGivenOneIsRead() {
        List<String> problems = new ArrayList<>();
        assertThat(ClusterSettings.number(Map.of(), "probeMs", 2000, 100, 60_000, problems)).isEqualTo(2000);
        assertThat(ClusterSettings.number(Map.of("probeMs", " 500 "), "probeMs", 2000, 100, 60_000, problems)).isEqualTo(500);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyProblemIsListedAndReadingGoesOn() {
        List<String> problems = new ArrayList<>();
        Map<String, String> s = Map.of("probeMs", "5", "lostAfter", "three");
        ClusterSettings.number(s, "probeMs", 2000, 100, 60_000, problems);
        assertThat(ClusterSettings.number(s, "lostAfter", 3, 1, 100, problems)).isEqualTo(3);
        assertThat(ClusterSettings.required(s, "sim", "nodes", 1, 10, problems)).isEqualTo(1);
        assertThat(problems).containsExactly("probeMs must be between 100 and 60000, got 5",
                "lostAfter must be a whole number, got 'three'", "sim cluster needs nodes");
    }
}

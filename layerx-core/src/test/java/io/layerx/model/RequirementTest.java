package io.layerx.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.scheduler.feasibility.LayerCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementTest {

    @Test
    void expressionsNameASetAndOptionallyALowestVersion() {
        assertThat(Requirement.parse("imageset=gpu-drivers>=2").requirement()).isEqualTo(new Requirement("gpu-drivers", 2));
        assertThat(Requirement.parse(" imageset = base ").requirement()).isEqualTo(new Requirement("base", 1));
        assertThat(Requirement.parse("imageset=gpu>=0").problem()).contains("the version must be 1 or more");
        assertThat(Requirement.parse("image=gpu").problem()).contains("is not of the form imageset=NAME");
        assertThat(Requirement.parse("imageset=GPU").ok()).isFalse();
        assertThat(new Requirement("gpu", 2).expression()).isEqualTo("imageset=gpu>=2");
    }

    @Test
    void aNodeQualifiesOnlyWhileEachSetIsReadyThereAtTheVersionOrLater() {
        Node v2 = node(Map.of("imageset.gpu", "2", "imageset.base", "1"));
        Node v1 = node(Map.of("imageset.gpu", "1"));
        Node none = node(Map.of());
        List<Requirement> gpu2 = List.of(new Requirement("gpu", 2));
        assertThat(LayerCheck.check(gpu2, v2)).isEmpty();
        assertThat(LayerCheck.check(gpu2, v1)).get().extracting(r -> r.detail()).isEqualTo("image set gpu (>= 2) not ready");
        assertThat(LayerCheck.check(gpu2, none)).isPresent();
        assertThat(LayerCheck.check(List.of(new Requirement("gpu", 1), new Requirement("base", 1)), v2)).isEmpty();
        assertThat(LayerCheck.check(List.of(new Requirement("gpu", 1), new Requirement("base", 1)), v1)).isPresent();
        assertThat(LayerCheck.check(List.of(), none)).isEmpty();
        assertThat(new Requirement("gpu", 1).satisfiedBy(node(Map.of("imageset.gpu", "x")))).isFalse();
    }

    private static Node node(Map<String, String> labels) {
        return new Node("n", "c", "sim", new Resources(1000, 1024, 0), labels, NodeState.READY, "", 0, 0, null);
    }
}

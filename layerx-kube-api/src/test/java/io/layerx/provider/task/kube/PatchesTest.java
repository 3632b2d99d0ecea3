package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PatchesTest {

    private static final JsonNode POD_SPEC = Yaml.any("""
            {'containers': [{'name': 'a', 'image': 'x:1', 'env': [{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '2'}]},
                            {'name': 'b', 'image': 'y:1'}],
             'nodeSelector': {'zone': 'z1', 'disk': 'ssd'}, 'args': ['p', 'q', 'r']}
            """);

    @Test
    void strategicMergeMergesContainersAndEnvByName() {
        JsonNode out = Patches.apply(Patches.STRATEGIC, POD_SPEC, Yaml.any("""
                {'$setElementOrder/containers': [{'name': 'a'}, {'name': 'b'}],
                 'containers': [{'name': 'a', 'env': [{'name': 'B', 'value': 'two'}, {'name': 'C', 'value': '3'}]},
                                {'name': 'c', 'image': 'z:1'}]}
                """));
        assertThat(out.path("containers")).hasSize(3);
        assertThat(out.path("containers").path(0).path("image").asText()).isEqualTo("x:1");
        assertThat(out.path("containers").path(0).path("env").toString())
                .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"two\"},{\"name\":\"C\",\"value\":\"3\"}]");
        assertThat(out.path("containers").path(2).path("name").asText()).isEqualTo("c");
        assertThat(out.has("$setElementOrder/containers")).isFalse();
    }

    @Test
    void strategicDirectivesDeleteReplaceAndRetain() {
        JsonNode out = Patches.apply(Patches.STRATEGIC, POD_SPEC, Yaml.any("""
                {'containers': [{'name': 'b', '$patch': 'delete'}],
                 'nodeSelector': {'$patch': 'replace', 'gpu': 'yes'},
                 '$deleteFromPrimitiveList/args': ['q']}
                """));
        assertThat(out.path("containers")).hasSize(1);
        assertThat(out.path("nodeSelector").toString()).isEqualTo("{\"gpu\":\"yes\"}");
        assertThat(out.path("args").toString()).isEqualTo("[\"p\",\"r\"]");
        JsonNode retained = Patches.apply(Patches.STRATEGIC, POD_SPEC, Yaml.any("{'$retainKeys': ['containers'], 'containers': []}"));
        assertThat(retained.fieldNames()).toIterable().containsExactly("containers");
    }

    @Test
    void aMergePatchReplacesListsAndNullDeletes() {
        JsonNode out = Patches.apply(Patches.MERGE + "; charset=utf-8", POD_SPEC,
                Yaml.any("{'containers': [{'name': 'only'}], 'nodeSelector': {'disk': null}}"));
        assertThat(out.path("containers").toString()).isEqualTo("[{\"name\":\"only\"}]");
        assertThat(out.path("nodeSelector").toString()).isEqualTo("{\"zone\":\"z1\"}");
        assertThat(POD_SPEC.path("nodeSelector").has("disk")).as("the target is not changed").isTrue();
    }

    @Test
    void aJsonPatchAppliesItsOperationsOrSaysWhyNot() {
        JsonNode out = Patches.apply(Patches.JSON, POD_SPEC, Yaml.any("""
                [{'op': 'replace', 'path': '/nodeSelector/zone', 'value': 'z2'}, {'op': 'remove', 'path': '/args/0'}]
                """));
        assertThat(out.path("nodeSelector").path("zone").asText()).isEqualTo("z2");
        assertThat(out.path("args")).hasSize(2);
        assertThatThrownBy(() -> Patches.apply(Patches.JSON, POD_SPEC, Yaml.any("[{'op': 'remove', 'path': '/nope'}]")))
                .isInstanceOf(KubeError.class).hasMessageContaining("the JSON patch does not apply");
    }

    @Test
    void serverSideApplyIsRefusedAsAnUnsupportedMediaType() {
        assertThatThrownBy(() -> Patches.apply("application/apply-patch+yaml", POD_SPEC, Yaml.any("{}")))
                .isInstanceOfSatisfying(KubeError.class, e -> assertThat(e.code()).isEqualTo(415));
    }
}

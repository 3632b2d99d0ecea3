package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Ages, selectors, the host of an address and the OpenAPI protobuf. */
class SmallPartsTest {

    @Test
    void agesReadAsKubectlShowsThem() {
        assertThat(Times.age(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Times.age(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Times.age(Duration.ofSeconds(185))).isEqualTo("3m5s");
        assertThat(Times.age(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Times.age(Duration.ofMinutes(190))).isEqualTo("3h10m");
        assertThat(Times.age(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Times.age(Duration.ofHours(75))).isEqualTo("3d3h");
        assertThat(Times.age(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Times.age(Duration.ofDays(800))).isEqualTo("2y");
    }

    @Test
    void labelAndFieldSelectorsMatchAsKubernetesDoes() {
        JsonNode pod = Yaml.any("{'metadata': {'name': 'p', 'namespace': 'ns', 'labels': {'app': 'web', 'tier': 'x'}},"
                + " 'spec': {'nodeName': 'n1'}, 'status': {'phase': 'Running'}}");
        assertThat(Selectors.of("app=web,tier", "metadata.name=p").test(pod)).isTrue();
        assertThat(Selectors.of("app==web,!gone", "spec.nodeName=n1,status.phase!=Failed").test(pod)).isTrue();
        assertThat(Selectors.of("app!=web", null).test(pod)).isFalse();
        assertThat(Selectors.of(null, "metadata.namespace=other").test(pod)).isFalse();
        Predicate<JsonNode> none = Selectors.of("", "");
        assertThat(none.test(pod)).isTrue();
        assertThatThrownBy(() -> Selectors.of("app in (web)", null)).isInstanceOf(KubeError.class);
        assertThatThrownBy(() -> Selectors.of(null, "spec.image=x")).hasMessageContaining("field label not supported");
    }

    @Test
    void theHostOfANodeAddress() {
        assertThat(Pods.host("http://10.0.0.2:7471")).isEqualTo("10.0.0.2");
        assertThat(Pods.host("10.0.0.3:22")).isEqualTo("10.0.0.3");
        assertThat(Pods.host("node-7")).isEqualTo("node-7");
        assertThat(Pods.host("")).isNull();
        assertThat(Pods.host("http://[::1]:7471")).isEqualTo("::1");
    }

    @Test
    void onlyAnAddressIsAPodOrNodeIp() {
        assertThat(Pods.ipLiteral("10.0.0.2")).isTrue();
        assertThat(Pods.ipLiteral("::1")).isTrue();
        assertThat(Pods.ipLiteral("sim-a-01")).isFalse();
        assertThat(Pods.ipLiteral("node-7.example.com")).isFalse();
        assertThat(Pods.ipLiteral(null)).isFalse();
    }

    @Test
    void theOpenApiDocumentIsAProtobufWithSwaggerAndInfo() {
        byte[] doc = Discovery.openApiProtobuf();
        assertThat(doc[0]).isEqualTo((byte) 0x0a); // field 1, length-delimited
        assertThat(new String(Arrays.copyOfRange(doc, 2, 2 + doc[1]), StandardCharsets.UTF_8)).isEqualTo("2.0");
        int info = 2 + doc[1];
        assertThat(doc[info]).isEqualTo((byte) 0x12); // field 2: Info
        assertThat(doc.length).isEqualTo(info + 2 + doc[info + 1]);
        byte[] inner = Arrays.copyOfRange(doc, info + 2, doc.length);
        assertThat(inner[0]).isEqualTo((byte) 0x0a);
        assertThat(new String(Arrays.copyOfRange(inner, 2, 2 + inner[1]), StandardCharsets.UTF_8)).isEqualTo("LayerX Kubernetes API");
    }

    @Test
    void discoveryListsTheServedResourcesAndTheScaleSubresource() {
        assertThat(Discovery.resources("v1").path("resources").findValuesAsText("name"))
                .containsExactly("namespaces", "nodes", "pods", "pods/log");
        JsonNode apps = Discovery.resources("apps/v1").path("resources");
        assertThat(apps.path(1).path("name").asText()).isEqualTo("deployments/scale");
        assertThat(apps.path(1).path("group").asText() + "/" + apps.path(1).path("version").asText()).isEqualTo("autoscaling/v1");
        assertThat(Discovery.resources("extensions/v1beta1")).isNull();
        assertThat(Discovery.groups().path("groups").findValuesAsText("name")).containsExactly("apps", "batch");
    }
}

package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.provider.task.kube.KubeError.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void aGoodDeploymentHasNoProblem() {
        assertThat(Manifest.check(Kind.DEPLOYMENTS, Yaml.deployment())).isEmpty();
    }

    @Test
    void everyProblemOfADeploymentIsListedAtOnceWithItsField() {
        ObjectNode d = Yaml.json("""
                {'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': {'name': 'Bad_Name', 'generateName': 'x'},
                 'spec': {'replica': 2, 'replicas': -1, 'strategy': {'type': 'Recreate'},
                  'template': {'metadata': {'labels': {'app': 'bad'}},
                   'spec': {'volumes': [], 'restartPolicy': 'Never', 'containers': [
                     {'name': 'c', 'imagee': 'busybox', 'livenessProbe': {}, 'env': [{'valueFrom': {}}],
                      'resources': {'requests': {'cpu': 'lots', 'gpu': '1'}}},
                     {'name': 'two', 'image': 'layerx.io/exec'}]}}}}
                """);
        List<String> fields = Manifest.check(Kind.DEPLOYMENTS, d).stream().map(Cause::field).toList();
        assertThat(fields).containsExactlyInAnyOrder("metadata.name", "metadata.generateName", "spec.replica",
                "spec.replicas", "spec.selector", "spec.strategy.type", "spec.template.spec.volumes",
                "spec.template.spec.restartPolicy", "spec.template.spec.containers",
                "spec.template.spec.containers[0].imagee", "spec.template.spec.containers[0].livenessProbe",
                "spec.template.spec.containers[0].image", "spec.template.spec.containers[0].env[0].valueFrom",
                "spec.template.spec.containers[0].env[0].name",
                "spec.template.spec.containers[0].resources.requests.gpu",
                "spec.template.spec.containers[0].resources.requests.cpu",
                "spec.template.spec.containers[1].command");
    }

    @Test
    void unknownFieldsAndFieldsLayerXDoesNotCarryOutAreToldApart() {
        ObjectNode d = Yaml.deployment();
        ((ObjectNode) d.path("spec")).put("replica", 2).put("paused", true);
        assertThat(Manifest.check(Kind.DEPLOYMENTS, d)).extracting(Cause::text).containsExactlyInAnyOrder(
                "spec.replica: Unsupported value: field not declared in the schema",
                "spec.paused: Unsupported value: LayerX does not carry out paused; remove it");
    }

    @Test
    void aSelectorThatMissesTheTemplateLabelsIsInvalid() {
        ObjectNode d = Yaml.deployment();
        ((ObjectNode) d.path("spec").path("selector").path("matchLabels")).put("app", "other");
        assertThat(Manifest.check(Kind.DEPLOYMENTS, d)).extracting(Cause::field).containsExactly("spec.template.metadata.labels");
    }

    @Test
    void aJobMustSayHowItsPodsRestartAndNeverAlways() {
        ObjectNode j = Yaml.json("""
                {'apiVersion': 'batch/v1', 'kind': 'Job', 'metadata': {'name': 'j'},
                 'spec': {'template': {'spec': {'containers': [{'name': 'c', 'image': 'busybox'}]}}}}
                """);
        assertThat(Manifest.check(Kind.JOBS, j)).extracting(Cause::field).containsExactly("spec.template.spec.restartPolicy");
        ((ObjectNode) j.path("spec").path("template").path("spec")).put("restartPolicy", "Always");
        assertThat(Manifest.check(Kind.JOBS, j)).extracting(Cause::text)
                .containsExactly("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"Never\", \"OnFailure\"");
    }

    @Test
    void anInvalidObjectIsAStatusOfCode422WithEveryCause() {
        KubeError e = KubeError.invalid(Kind.DEPLOYMENTS, "web", List.of(Cause.required("spec.selector"),
                Cause.unknown("spec.replica")));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.status().path("reason").asText()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: [spec.selector: Required value, "
                + "spec.replica: Unsupported value: field not declared in the schema]");
        assertThat(e.status().path("details").path("causes")).hasSize(2);
        assertThat(e.status().path("details").path("kind").asText()).isEqualTo("Deployment");
    }
}

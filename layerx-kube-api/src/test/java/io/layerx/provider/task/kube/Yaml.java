package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test manifests written as JSON with single quotes, for readability. */
final class Yaml {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Yaml() {
    }

    static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode any(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode deployment() {
        return json("""
                {'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': {'name': 'web', 'labels': {'app': 'web'}},
                 'spec': {'replicas': 3, 'selector': {'matchLabels': {'app': 'web'}},
                  'template': {'metadata': {'labels': {'app': 'web'}},
                   'spec': {'nodeSelector': {'zone': 'z1', 'kubernetes.io/hostname': 'n1'},
                    'containers': [{'name': 'web', 'image': 'nginx:1', 'args': ['-g', 'daemon off;'],
                     'env': [{'name': 'MODE', 'value': 'on'}], 'ports': [{'containerPort': 80}],
                     'resources': {'requests': {'cpu': '250m', 'memory': '1Gi'}, 'limits': {'cpu': '1'}}}]}}}}
                """);
    }
}

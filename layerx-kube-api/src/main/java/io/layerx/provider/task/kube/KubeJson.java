package io.layerx.provider.task.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of the Kubernetes API: Jackson trees, nulls left out. */
final class KubeJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private KubeJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The request body as JSON; a 400 with what is wrong when it is not. */
    static JsonNode read(byte[] body) {
        if (body.length == 0) throw KubeError.badRequest("the request has no body");
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw KubeError.badRequest("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] stored) {
        try {
            return MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

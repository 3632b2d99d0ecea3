package io.layerx.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import io.layerx.api.Problems;
import io.layerx.model.LayerXException;
import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads a JSON request body strictly (unknown fields are errors); a bad body is a 400 that says what is wrong. */
final class JsonBody {
    private JsonBody() {
    }

    static ObjectReader reader(Class<?> type) {
        return Codec.mapper().readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static <T> T read(Context ctx, ObjectReader reader) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new LayerXException.Invalid("request body is not valid", List.of("request body is empty"));
        }
        try {
            T value = reader.readValue(bytes);
            if (value == null) throw new LayerXException.Invalid("request body is not valid", List.of("request body is null"));
            return value;
        } catch (JsonProcessingException e) {
            throw new LayerXException.Invalid("request body is not valid",
                    List.of(Problems.describe("request body", "JSON", e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

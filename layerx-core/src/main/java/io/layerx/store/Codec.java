package io.layerx.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;

/**
 * The one JSON form of LayerX records, in the store and on the wire: enums in lower case, times as ISO-8601.
 * Blackbird binds record accessors and constructors with method handles (no reflective call per field), and
 * instants in LayerX's own form are read without a formatter ({@link UtcInstantDeserializer}): every record the store
 * holds goes through here at least twice (written, then decoded by the view), and a task, job or node this process
 * wrote is taken back from {@link RecentWrites} instead of parsed.
 */
public final class Codec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(new BlackbirdModule())
            .addModule(new SimpleModule("layerx-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The records the view holds most of: their own process's writes come back from the store without a parse. */
    private static final Set<Class<?>> REMEMBERED = Set.of(Task.class, Job.class, Node.class);
    private static final RecentWrites RECENT = new RecentWrites();

    private Codec() {
    }

    /** The shared mapper; thread-safe, do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object value) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(value);
            if (REMEMBERED.contains(value.getClass())) RECENT.remember(bytes, value);
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (REMEMBERED.contains(type)) {
            T recent = RECENT.take(bytes, type);
            if (recent != null) return recent;
        }
        return parse(bytes, type);
    }

    /** Decodes {@code bytes} by parsing them, whoever wrote them. */
    static <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
        }
    }
}

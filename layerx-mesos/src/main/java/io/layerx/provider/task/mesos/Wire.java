package io.layerx.provider.task.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The two encodings of the scheduler API (JSON and protobuf) and the RecordIO framing of the event stream:
 * each record is its length in bytes, a newline, and the encoded event. JSON uses the proto field names
 * ({@code framework_id}), as a Mesos master writes them.
 */
enum Wire {
    JSON("application/json"),
    PROTOBUF("application/x-protobuf");

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    final String mediaType;

    Wire(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The encoding of a request body; 415 for anything else. */
    static Wire ofContentType(String contentType) {
        Wire w = match(contentType);
        if (w == null) {
            throw CallError.unsupportedMediaType("Expecting 'Content-Type' of application/json or application/x-protobuf");
        }
        return w;
    }

    /** The encoding an {@code Accept} header asks for (none or {@code *}{@code /*}: {@code fallback}); 406 else. */
    static Wire ofAccept(String accept, Wire fallback) {
        if (accept == null || accept.isBlank()) return fallback;
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*")) return fallback;
            Wire w = match(type);
            if (w != null) return w;
        }
        throw CallError.notAcceptable("Expecting 'Accept' to allow application/json or application/x-protobuf");
    }

    private static Wire match(String contentType) {
        if (contentType == null) return null;
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (Wire w : values()) if (w.mediaType.equals(type)) return w;
        return null;
    }

    Call decode(byte[] body) {
        try {
            return switch (this) {
                case PROTOBUF -> Call.parseFrom(body);
                case JSON -> {
                    Call.Builder b = Call.newBuilder();
                    PARSER.merge(new String(body, StandardCharsets.UTF_8), b);
                    yield b.build();
                }
            };
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String what = this == JSON ? "Failed to parse body into JSON: " : "Failed to parse body into Call protobuf: ";
            throw CallError.badRequest(what + e.getMessage());
        }
    }

    /** One RecordIO record of {@code event}. */
    byte[] record(Event event) {
        byte[] data = switch (this) {
            case PROTOBUF -> event.toByteArray();
            case JSON -> {
                try {
                    yield PRINTER.print(event).getBytes(StandardCharsets.UTF_8);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("an event that JSON cannot print: " + event.getType(), e);
                }
            }
        };
        byte[] head = (data.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + data.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        return out;
    }
}

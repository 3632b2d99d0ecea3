package io.layerx.store.embedded;

import io.layerx.store.KeyValue;
import io.layerx.store.WatchEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes the embedded store keeps in RocksDB.
 *
 * <ul>
 *   <li>{@code kv}: UTF-8 key → {@code [format:1][createRevision:8][modRevision:8][version:8][value...]}</li>
 *   <li>{@code log}: big-endian revision → {@code [format:1][count:4]} then per event
 *       {@code [type:1][keyLength:4][key]}, and for a put {@code [createRevision:8][version:8][valueLength:4][value]};
 *       the mod revision of every event is the entry's revision</li>
 *   <li>{@code meta}: name → big-endian long</li>
 * </ul>
 * Big-endian revisions sort bytewise in revision order, so the log iterates in commit order.
 */
final class BinaryFormat {

    private static final byte VALUE_FORMAT = 1;
    private static final byte LOG_FORMAT = 1;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final int VALUE_HEADER = 1 + 3 * Long.BYTES;
    private static final byte[] EMPTY = new byte[0];

    private BinaryFormat() {
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String key(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    static byte[] longKey(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long longOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    static byte[] encodeValue(KeyValue kv) {
        return ByteBuffer.allocate(VALUE_HEADER + kv.value().length).put(VALUE_FORMAT).putLong(kv.createRevision())
                .putLong(kv.modRevision()).putLong(kv.version()).put(kv.value()).array();
    }

    static KeyValue decodeValue(String key, byte[] stored) {
        return decodeValue(key, stored, stored.length);
    }

    /** Decodes the first {@code length} bytes of {@code stored}, copying the value out. */
    static KeyValue decodeValue(String key, byte[] stored, int length) {
        Stamp stamp = decodeStamp(stored);
        byte[] value = Arrays.copyOfRange(stored, VALUE_HEADER, length);
        return new KeyValue(key, value, stamp.createRevision(), stamp.modRevision(), stamp.version());
    }

    static Stamp decodeStamp(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored, 0, VALUE_HEADER);
        byte format = in.get();
        if (format != VALUE_FORMAT) {
            throw new IllegalStateException("unknown value format " + format);
        }
        return new Stamp(in.getLong(), in.getLong(), in.getLong());
    }

    static byte[] encodeEvents(List<WatchEvent> events) {
        List<byte[]> keys = new ArrayList<>(events.size());
        int size = 1 + Integer.BYTES;
        for (WatchEvent e : events) {
            byte[] key = key(e.kv().key());
            keys.add(key);
            size += 1 + Integer.BYTES + key.length;
            if (e.type() == WatchEvent.Type.PUT) {
                size += 2 * Long.BYTES + Integer.BYTES + e.kv().value().length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(LOG_FORMAT).putInt(events.size());
        for (int i = 0; i < events.size(); i++) {
            WatchEvent e = events.get(i);
            byte[] key = keys.get(i);
            switch (e.type()) {
                case PUT -> out.put(PUT).putInt(key.length).put(key).putLong(e.kv().createRevision())
                        .putLong(e.kv().version()).putInt(e.kv().value().length).put(e.kv().value());
                case DELETE -> out.put(DELETE).putInt(key.length).put(key);
            }
        }
        return out.array();
    }

    static CommittedRevision decodeEvents(long revision, byte[] entry) {
        ByteBuffer in = ByteBuffer.wrap(entry);
        byte format = in.get();
        if (format != LOG_FORMAT) {
            throw new IllegalStateException("unknown log format " + format + " at revision " + revision);
        }
        int count = in.getInt();
        List<WatchEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte type = in.get();
            String key = key(bytes(in, in.getInt()));
            events.add(switch (type) {
                case PUT -> put(key, in, revision);
                case DELETE -> new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, EMPTY, 0, revision, 0));
                default -> throw new IllegalStateException("unknown event type " + type + " at revision " + revision);
            });
        }
        return new CommittedRevision(revision, events);
    }

    private static WatchEvent put(String key, ByteBuffer in, long revision) {
        long createRevision = in.getLong();
        long version = in.getLong();
        byte[] value = bytes(in, in.getInt());
        return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(key, value, createRevision, revision, version));
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null when there is none. */
    static byte[] upperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] bound = Arrays.copyOf(prefix, i + 1);
                bound[i]++;
                return bound;
            }
        }
        return null;
    }
}

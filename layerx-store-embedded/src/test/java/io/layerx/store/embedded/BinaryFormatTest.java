package io.layerx.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.store.KeyValue;
import io.layerx.store.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryFormatTest {

    @Test
    void aValueRoundTripsWithItsRevisions() {
        KeyValue kv = new KeyValue("/nodes/é", "payload".getBytes(StandardCharsets.UTF_8), 3, 17, 5);

        byte[] stored = BinaryFormat.encodeValue(kv);

        assertThat(stored).hasSize(25 + 7);
        assertThat(BinaryFormat.decodeValue("/nodes/é", stored)).isEqualTo(kv);
        assertThat(BinaryFormat.decodeStamp(stored)).isEqualTo(new Stamp(3, 17, 5));
    }

    @Test
    void anUnknownFormatIsABug() {
        byte[] stored = BinaryFormat.encodeValue(new KeyValue("/k", new byte[0], 1, 1, 1));
        stored[0] = 9;

        assertThatThrownBy(() -> BinaryFormat.decodeStamp(stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theEventsOfARevisionRoundTripInOrder() {
        List<WatchEvent> events = List.of(
                new WatchEvent(WatchEvent.Type.PUT, new KeyValue("/a", new byte[] {1, 2, 3}, 4, 9, 2)),
                new WatchEvent(WatchEvent.Type.DELETE, new KeyValue("/b", new byte[0], 0, 9, 0)),
                new WatchEvent(WatchEvent.Type.PUT, new KeyValue("/c", new byte[0], 9, 9, 1)));

        CommittedRevision decoded = BinaryFormat.decodeEvents(9, BinaryFormat.encodeEvents(events));

        assertThat(decoded.revision()).isEqualTo(9);
        assertThat(decoded.events()).isEqualTo(events);
    }

    @Test
    void revisionKeysSortBytewiseInRevisionOrder() {
        byte[] small = BinaryFormat.longKey(255);
        byte[] large = BinaryFormat.longKey(256);

        assertThat(Arrays.compareUnsigned(small, large)).isNegative();
        assertThat(BinaryFormat.longOf(large)).isEqualTo(256);
    }

    @Test
    void theUpperBoundOfAPrefixIsItsSuccessor() {
        assertThat(BinaryFormat.upperBound(BinaryFormat.key("/a/"))).isEqualTo(BinaryFormat.key("/a0"));
        assertThat(BinaryFormat.upperBound(new byte[] {1, (byte) 0xFF})).isEqualTo(new byte[] {2});
        assertThat(BinaryFormat.upperBound(new byte[] {(byte) 0xFF})).isNull();
        assertThat(BinaryFormat.upperBound(new byte[0])).isNull();
    }
}

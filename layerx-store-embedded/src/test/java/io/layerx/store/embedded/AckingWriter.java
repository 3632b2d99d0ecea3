package io.layerx.store.embedded;

import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link EmbeddedStoreCrashIT}: commits two-key txns to the store in {@code args[0]} until it is
 * killed (or its parent exits), printing {@code ack <i> <revision>} once each commit returned.
 */
public final class AckingWriter {

    private AckingWriter() {
    }

    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EmbeddedStore store = EmbeddedStore.open(Path.of(args[0]));
        for (long i = 0; ; i++) {
            byte[] value = ("value " + i).getBytes(StandardCharsets.UTF_8);
            TxnResult result = store.commit(Txn.builder().expectAbsent(key(i, "a"))
                    .put(key(i, "a"), value).put(key(i, "b"), value).build());
            if (!result.succeeded()) {
                throw new IllegalStateException("a create-if-absent of a new key failed: " + result);
            }
            out.println("ack " + i + " " + result.revision());
        }
    }

    static String key(long i, String half) {
        return "/crash/" + i + "/" + half;
    }
}

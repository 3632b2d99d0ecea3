package io.layerx.store.embedded;

import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link EmbeddedStoreCrashIT}: commits two-key txns to the store in {@code args[0]} from
 * {@code args[1]} threads (1 when not given; several threads make the store commit in groups) until it is killed (or
 * its parent exits), printing {@code ack <i> <revision>} once each commit returned.
 */
public final class AckingWriter {

    private AckingWriter() {
    }

    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EmbeddedStore store = EmbeddedStore.open(Path.of(args[0]));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> write(store, next, out));
        }
    }

    private static void write(EmbeddedStore store, AtomicLong next, PrintStream out) {
        while (true) {
            long i = next.getAndIncrement();
            byte[] value = ("value " + i).getBytes(StandardCharsets.UTF_8);
            TxnResult result = store.commit(Txn.builder().expectAbsent(key(i, "a"))
                    .put(key(i, "a"), value).put(key(i, "b"), value).build());
            if (!result.succeeded()) {
                System.err.println("a create-if-absent of a new key failed: " + result);
                Runtime.getRuntime().halt(2);
            }
            out.println("ack " + i + " " + result.revision());
        }
    }

    static String key(long i, String half) {
        return "/crash/" + i + "/" + half;
    }
}

package io.layerx.bench.jmh;

import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synced commits of the embedded store from many threads at once (JMH's {@code -t}): each commit puts a new key of
 * 200 bytes; with group commit, the threads waiting meanwhile share the next sync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class GroupCommitBenchmark {

    private final AtomicLong next = new AtomicLong();
    private final byte[] value = new byte[200];
    private Path dir;
    private EmbeddedStore store;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("group-commit-");
        store = EmbeddedStore.open(dir);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public TxnResult commit() {
        return store.commit(Txn.builder().put("/bench/" + next.incrementAndGet(), value).build());
    }
}

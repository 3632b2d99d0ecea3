package io.layerx.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.store.KeyValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store whose process is SIGKILLed mid-commit reopens with every commit that was acknowledged, whole. */
class EmbeddedStoreCrashIT {

    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesASigkill() throws Exception {
        killMidCommitAndCheck(1);
    }

    /** Eight writers at once: the store commits their txns in groups, and the kill lands inside some group. */
    @Test
    void everyAcknowledgedGroupCommitSurvivesASigkill() throws Exception {
        killMidCommitAndCheck(8);
    }

    private void killMidCommitAndCheck(int writers) throws Exception {
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("writer.err");
        Process writer = new ProcessBuilder(javaBinary(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), AckingWriter.class.getName(), data.toString(),
                Integer.toString(writers)).redirectError(stderr.toFile()).start();
        Map<Long, Long> acked = new ConcurrentHashMap<>();
        try {
            Thread reader = Thread.ofVirtual().start(() -> readAcks(writer, acked));
            await().atMost(Duration.ofSeconds(120)).until(() -> acked.size() >= ACKS_BEFORE_KILL || !writer.isAlive());
            assertThat(writer.isAlive()).as("the writer died on its own: %s", Files.readString(stderr)).isTrue();
            assertThat(writer.destroyForcibly().waitFor()).as("killed by SIGKILL").isEqualTo(128 + 9);
            reader.join();
        } finally {
            writer.destroyForcibly();
        }

        try (EmbeddedStore store = EmbeddedStore.open(data)) {
            acked.forEach((i, revision) -> {
                for (String half : List.of("a", "b")) {
                    assertThat(store.get(AckingWriter.key(i, half))).as("acknowledged key %s/%s", i, half).get()
                            .extracting(KeyValue::modRevision).isEqualTo(revision);
                }
            });
            long newestAcked = acked.values().stream().mapToLong(r -> r).max().orElseThrow();
            assertThat(store.revision()).isGreaterThanOrEqualTo(newestAcked);
            List<KeyValue> items = store.list("/crash/").items();
            assertEveryTxnIsWhole(items);
            assertThat(items.stream().map(KeyValue::modRevision).distinct().count())
                    .as("one revision per txn, gapless").isEqualTo(store.revision());
        }
    }

    private static void assertEveryTxnIsWhole(List<KeyValue> items) {
        Map<Long, Long> halvesPerRevision = items.stream()
                .collect(Collectors.groupingBy(KeyValue::modRevision, Collectors.counting()));
        assertThat(halvesPerRevision).allSatisfy((revision, halves) -> assertThat(halves).isEqualTo(2));
    }

    private static void readAcks(Process writer, Map<Long, Long> acked) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ack")) {
                    acked.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElseThrow();
    }
}

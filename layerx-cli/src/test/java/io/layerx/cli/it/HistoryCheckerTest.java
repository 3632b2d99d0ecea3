package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault schedule's checker finds each kind of violation in a history written to a real store, and no other. */
class HistoryCheckerTest {

    @TempDir
    Path dir;

    private static Node node(String name, long cpu) {
        return new Node(name, "c", "sim", Resources.of(cpu, 1000), Map.of(), NodeState.READY, null, 20000, 100,
                Instant.EPOCH);
    }

    /** A task as the store holds it (decoded from its JSON, so it does not depend on the record's arity). */
    private static Task task(String id, String job, int slot, long cpu, TaskState state, String node) {
        String json = "{\"id\":\"" + id + "\",\"job\":\"" + job + "\",\"jobVersion\":1,\"slot\":" + slot
                + ",\"attempt\":0,\"resources\":{\"cpu\":" + cpu + ",\"memory\":10,\"disk\":0},\"desired\":\"run\""
                + ",\"state\":\"" + state.wire() + "\""
                + (node == null ? "" : ",\"node\":\"" + node + "\",\"cluster\":\"c\"") + "}";
        return Codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Task.class);
    }

    private static void write(Store store, Object... records) {
        Txn.Builder txn = Txn.builder();
        for (Object r : records) {
            switch (r) {
                case Node n -> txn.put(Keys.node(n.name()), Codec.encode(n));
                case Task t -> txn.put(Keys.task(t.id()), Codec.encode(t));
                case String job -> txn.put(Keys.job(job), "{}".getBytes());
                default -> throw new IllegalArgumentException(String.valueOf(r));
            }
        }
        assertThat(store.commit(txn.build()).succeeded()).isTrue();
    }

    private HistoryChecker replay(Store store) {
        return HistoryChecker.replay(store, Duration.ofSeconds(10));
    }

    @Test
    void aCleanHistoryHasNoViolation() {
        try (Store store = EmbeddedStore.open(dir)) {
            write(store, node("n1", 1000), "a");
            write(store, task("a-1", "a", 0, 600, TaskState.PENDING, null));
            write(store, task("a-1", "a", 0, 600, TaskState.ASSIGNED, "n1"));
            write(store, task("a-1", "a", 0, 600, TaskState.LOST, "n1"), task("a-2", "a", 0, 600, TaskState.ASSIGNED,
                    "n1"));
            assertThat(replay(store).violations(Set.of("a"))).isEmpty();
        }
    }

    @Test
    void eachKindOfViolationIsFound() {
        try (Store store = EmbeddedStore.open(dir)) {
            write(store, node("n1", 1000), node("n2", 1000), "a");
            write(store, task("a-1", "a", 0, 600, TaskState.RUNNING, "n1"), task("b-1", "b", 0, 600,
                    TaskState.ASSIGNED, "n1"));
            write(store, task("b-1", "b", 0, 600, TaskState.ASSIGNED, "n2"));
            write(store, task("b-2", "b", 0, 100, TaskState.STARTING, "n2"));
            assertThat(replay(store).violations(Set.of("a", "gone")))
                    .anyMatch(v -> v.contains("node n1 over-committed"))
                    .anyMatch(v -> v.contains("task b-1 placed on n1 and on n2"))
                    .anyMatch(v -> v.contains("slot b#0 placed twice"))
                    .anyMatch(v -> v.equals("acknowledged job gone is missing"))
                    .noneMatch(v -> v.contains("node n2 over-committed"));
        }
    }
}

package io.layerx.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Resources;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UsageBoardTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final UsageBoard board = new UsageBoard(now::get);

    private static TaskUsage task(String id, long cpu, long mib) {
        return new TaskUsage(id, "web", null, new Resources(1000, 1024, 0), new Usage(cpu, mib << 20, mib << 20, 1), null);
    }

    @Test
    void aReportReplacesTheNodesEntryAndSumsItsTasks() {
        List<NodeUsage> seen = new ArrayList<>();
        board.addListener(seen::add);
        Resources capacity = new Resources(4000, 4096, 0);
        board.report("n1", capacity, List.of(task("a", 100, 100), task("b", 300, 50)));
        NodeUsage n1 = board.node("n1").orElseThrow();
        assertThat(n1.used()).isEqualTo(new Usage(400, 150L << 20, 150L << 20, 2));
        assertThat(n1.reserved()).isEqualTo(new Resources(2000, 2048, 0));
        assertThat(board.task("a").orElseThrow().node()).isEqualTo("n1");

        board.report("n1", capacity, List.of(task("b", 200, 50)));
        assertThat(board.task("a")).as("no longer reported").isEmpty();
        assertThat(board.tasks()).extracting(TaskUsage::task).containsExactly("b");
        assertThat(seen).hasSize(2);
    }

    @Test
    void aNodeThatStoppedReportingIsNotShown() {
        board.report("n1", Resources.ZERO, List.of(task("a", 1, 1)));
        now.set(now.get().plus(UsageBoard.STALE).plusSeconds(1));
        assertThat(board.nodes()).isEmpty();
        assertThat(board.task("a")).isEmpty();
    }
}

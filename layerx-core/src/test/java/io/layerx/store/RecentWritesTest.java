package io.layerx.store;

import static io.layerx.testkit.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.GpuDevice;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentWritesTest {

    private static final Instant T = Instant.parse("2026-12-07T01:02:03.456789Z");

    private final Job job = aJob().named("web").replicas(3).cpu(250).memory(64).gpu(500).binpack().priority(70)
            .constraint("node.labels.zone != z3").maxPerNode(2).build().withVersion(4, T);
    private final Task task = Task.pending("web-00c0ffee", job, 2, 1, T).assigned("n1", "c", Map.of("http", 31_000), T)
            .withState(TaskState.RUNNING, "started", null, T.plusSeconds(1)).withGpus(List.of(1));
    private final Node node = new Node("n1", "c", "sim", new Resources(96_000, 393_216, 0, 8_000), Map.of("zone", "z1"),
            NodeState.READY, "", 0, 0, T, List.of(new GpuDevice(0, "A100", 81_920), new GpuDevice(1, "A100", 81_920)));

    @Test
    void aRecordThisProcessWroteComesBackEqualToWhatParsingItsBytesGives() {
        for (Object record : List.of(job, task, node)) {
            byte[] bytes = Codec.encode(record);
            Object taken = Codec.decode(bytes, record.getClass());
            assertThat(taken).isSameAs(record).isEqualTo(Codec.parse(bytes, record.getClass()));
            // taken once: the next decode of the same bytes parses them
            Object again = Codec.decode(bytes, record.getClass());
            assertThat(again).isNotSameAs(record).isEqualTo(record);
        }
    }

    @Test
    void bytesNotWrittenHereAndOtherTypesAreParsed() {
        byte[] foreign = new String(Codec.encode(node), StandardCharsets.UTF_8).replace("\"z1\"", "\"z2\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Codec.decode(foreign, Node.class).labels()).containsEntry("zone", "z2");
        byte[] asTask = Codec.encode(task);
        assertThat(Codec.decode(asTask, Map.class)).containsEntry("id", "web-00c0ffee");
    }

    @Test
    void theMemoStaysBoundedWhenWritesNeverComeBack() {
        RecentWrites recent = new RecentWrites();
        for (int i = 0; i < RecentWrites.MAX * 3; i++) recent.remember(("k" + i).getBytes(StandardCharsets.UTF_8), i);
        assertThat(recent.size()).isEqualTo(RecentWrites.MAX);
        // the newest are kept, the oldest forgotten first
        int newest = RecentWrites.MAX * 3 - 1;
        int oldestKept = RecentWrites.MAX * 2;
        assertThat(recent.take(("k" + newest).getBytes(StandardCharsets.UTF_8), Integer.class)).isEqualTo(newest);
        assertThat(recent.take(("k" + oldestKept).getBytes(StandardCharsets.UTF_8), Integer.class)).isEqualTo(oldestKept);
        assertThat(recent.take(("k" + (oldestKept - 1)).getBytes(StandardCharsets.UTF_8), Integer.class)).isNull();
    }
}

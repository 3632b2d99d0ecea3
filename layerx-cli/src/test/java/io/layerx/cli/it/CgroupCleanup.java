package io.layerx.cli.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** Removes the cgroups an agent of a test made for its tasks ({@code /sys/fs/cgroup/<ctrl>/layerx/<node>}). */
final class CgroupCleanup {

    private CgroupCleanup() {
    }

    static void remove(String node) {
        for (String c : new String[] {"memory", "cpu", "pids"}) {
            Path scope = Path.of("/sys/fs/cgroup", c, "layerx", node);
            if (!Files.isDirectory(scope)) continue;
            try (Stream<Path> dirs = Files.list(scope)) {
                boolean kept = false;
                for (Path d : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        // processes killed just before may still be leaving the group
                        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                                .until(() -> Files.readString(d.resolve("cgroup.procs")).isBlank());
                        Files.deleteIfExists(d);
                    } catch (ConditionTimeoutException e) {
                        // not this test's: another agent of the same node name on this host (a user's `layerx up`)
                        System.err.println("left " + d + ": it still holds processes");
                        kept = true;
                    }
                }
                if (kept) continue;
                Files.deleteIfExists(scope);
                Files.deleteIfExists(scope.getParent()); // refused (and kept) while another agent's scope is in it
            } catch (IOException e) {
                System.err.println("cannot remove " + scope + ": " + e.getMessage());
            }
        }
    }
}

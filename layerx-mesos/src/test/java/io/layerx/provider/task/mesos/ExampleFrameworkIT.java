package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/mesos/framework.py (JSON over the standard library) runs its tasks on a simulated pool and tears down. */
class ExampleFrameworkIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "mesos", "framework.py");

    @TempDir
    Path dir;

    @Test
    void theExampleFrameworkLaunchesItsTasksSeesThemRunAndTearsDown() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "the example needs python3");
        try (SimPool pool = new SimPool(2, 2000, 2048)) {
            Path out = dir.resolve("out.txt");
            Process p = new ProcessBuilder(List.of("/usr/bin/python3", EXAMPLE.toString(), "--url",
                    "http://127.0.0.1:" + pool.api.port() + MesosApi.PATH, "--tasks", "3", "--command", "sleep 600",
                    "--until", "TASK_RUNNING")).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the example ended in 60 s").isTrue();
                String text = Files.readString(out);
                assertThat(p.exitValue()).as(text).isZero();
                assertThat(text).contains("subscribed as ", "hello-1 TASK_RUNNING", "hello-2 TASK_RUNNING",
                        "hello-3 TASK_RUNNING", "all tasks reached TASK_RUNNING; torn down");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> pool.cp().jobs().stream().noneMatch(j -> j.job().name().startsWith("mesos-")));
                assertThat(pool.api.frameworks()).isEmpty();
            } finally {
                if (p.isAlive()) ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

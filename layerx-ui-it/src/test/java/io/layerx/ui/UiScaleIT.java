package io.layerx.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The UI at scale, for docs/benchmarks.md: 5,000 simulated nodes in 5 clusters and 100,000 running tasks, then the
 * page's load time (sign-in to the map drawn) and its JS heap. A benchmark, so it runs only when asked
 * ({@code -Dui.bench=true}) and asserts only that the page shows the whole pool; the figures go to stdout.
 */
@EnabledIfSystemProperty(named = "ui.bench", matches = "true")
class UiScaleIT {
    private static final int CLUSTERS = 5;
    private static final int NODES = 1000;
    private static final int JOBS = 100;
    private static final int REPLICAS = 1000;

    @Test
    void fiveThousandNodesAndAHundredThousandTasks() throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "lxuib");
        try (LayerXServer server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0));
             Browser browser = new Browser()) {
            String token = Files.readString(server.adminTokenFile()).strip();
            Api api = new Api(server.address(), token);
            for (int c = 1; c <= CLUSTERS; c++) {
                api.post("/v1/clusters", "{\"name\":\"sim-" + c + "\",\"kind\":\"sim\",\"nodes\":" + NODES
                        + ",\"cpu\":32000,\"memory\":65536,\"startDelayMs\":0}", 201);
            }
            long placing = System.nanoTime();
            for (int j = 1; j <= JOBS; j++) {
                api.post("/v1/jobs", "{\"name\":\"job-" + j + "\",\"replicas\":" + REPLICAS + ",\"task\":{\"command\":[\"sleep\","
                        + "\"3600\"],\"resources\":{\"cpu\":100,\"memory\":128}}}", 201);
            }
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> running(api) == JOBS * REPLICAS);
            System.out.printf("UI bench: %d tasks running after %.1f s%n", JOBS * REPLICAS, (System.nanoTime() - placing) / 1e9);

            for (int round = 1; round <= 3; round++) {
                try (var ctx = browser.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                        .setViewportSize(1280, 900))) {
                    Page page = ctx.newPage();
                    page.navigate(server.address().resolve("/ui/").toString());
                    page.locator("#token").fill(token);
                    long t0 = System.nanoTime();
                    page.locator("#token").press("Enter");
                    assertThat(page.locator("canvas.cells")).hasCount(CLUSTERS, new LocatorAssertions.HasCountOptions()
                            .setTimeout(300_000));
                    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
                    double wall = (System.nanoTime() - t0) / 1e6;
                    double load = ((Number) page.evaluate("window.layerxLoadMs")).doubleValue();
                    assertThat(page.locator("[data-cluster='sim-3'] canvas")).hasAttribute("aria-label", NODES + " nodes: "
                            + NODES + " ready");
                    CDPSession cdp = ctx.newCDPSession(page);
                    cdp.send("HeapProfiler.collectGarbage");
                    JsonNode heap = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cdp.send("Runtime.getHeapUsage").toString());
                    page.navigate(server.address().resolve("/ui/#/jobs").toString());
                    long j0 = System.nanoTime();
                    assertThat(page.locator("[data-job='job-1']")).containsText(REPLICAS + "/" + REPLICAS + " running");
                    double jobs = (System.nanoTime() - j0) / 1e6;
                    System.out.printf("UI bench round %d: sign-in to map drawn %.0f ms (lists read and applied %.0f ms), "
                            + "JS heap used %.1f MiB of %.1f MiB, jobs page %.0f ms%n", round, wall, load,
                            heap.get("usedSize").asDouble() / 1048576, heap.get("totalSize").asDouble() / 1048576, jobs);
                }
            }
        } finally {
            new ProcessBuilder("rm", "-rf", scratch.toString()).start().waitFor();
        }
    }

    private static long running(Api api) {
        return StreamSupport.stream(api.get("/v1/jobs").spliterator(), false)
                .mapToLong(j -> j.path("counts").path("running").asLong()).sum();
    }
}

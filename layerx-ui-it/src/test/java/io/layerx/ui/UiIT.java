package io.layerx.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web UI in Debian's Chromium against a real server with a simulated cluster, a docker cluster on a real dockerd
 * and an agent cluster of one real {@code layerx agent} process: sign-in, the map, a job from the CLI appearing live,
 * a drain from the UI, a wrong token and a viewer token. Writes a screenshot of every page (to {@code ui.screenshots},
 * by default target/screenshots; docs/ui holds the committed ones).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of(System.getProperty("ui.screenshots", "target/screenshots"));

    private static Path scratch;
    private static EngineDaemon dockerd;
    private static LayerXServer server;
    private static Child agent;
    private static Api api;
    private static String adminToken;
    private static Map<String, String> cliEnv;
    private static Browser browser;
    private static BrowserContext admin;
    private static Page page;

    @BeforeAll
    static void pool() throws Exception {
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxui");
        dockerd = EngineDaemon.start(EngineDaemon.Kind.DOCKERD, scratch);
        server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0));
        adminToken = Files.readString(server.adminTokenFile()).strip();
        api = new Api(server.address(), adminToken);
        cliEnv = Map.of("LAYERX_ADDR", server.address().toString(), "LAYERX_TOKEN", adminToken);
        api.post("/v1/clusters", "{\"name\":\"sim-a\",\"kind\":\"sim\",\"nodes\":4,\"cpu\":4000,\"memory\":8192}", 201);
        api.post("/v1/clusters", "{\"name\":\"dk\",\"kind\":\"docker\",\"endpoints\":[\"" + dockerd.endpoint()
                + "?cpu=2000&memory=2048\"],\"network\":\"none\"}", 201);
        api.post("/v1/clusters", "{\"name\":\"agents\",\"kind\":\"agent\"}", 201);
        String join = api.post("/v1/tokens", "{\"role\":\"agent\"}", 201).get("token").asText();
        agent = Child.layerx(scratch.resolve("logs"), Map.of(), "agent", "--server", server.address().toString(),
                "--join-token", join, "--cluster", "agents", "--name", "agent-1", "--cpu", "2000", "--memory", "2048",
                "--data", scratch.resolve("agent").toString(), "--listen", "127.0.0.1:0");
        await().atMost(WAIT).until(() -> nodes().stream().anyMatch(n -> n.equals("agent-1:ready")));
        submit("hello", "name: hello\nconstraints: [\"cluster.name == agents\"]\ntask:\n  command: [\"sh\", \"-c\", "
                + "\"while true; do echo hello from $LAYERX_TASK_ID; sleep 1; done\"]\n  resources: {cpu: 50, memory: 32}\n");
        submit("box", "name: box\nconstraints: [\"cluster.name == dk\"]\ntask:\n  driver: docker\n  image: local/busybox\n"
                + "  command: [\"sleep\", \"600\"]\n  resources: {cpu: 100, memory: 64}\n");
        await().atMost(WAIT).until(() -> running("hello") == 1 && running("box") == 1);
        browser = new Browser();
        admin = browser.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900));
        page = admin.newPage();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (agent != null) agent.close();
        if (server != null) server.close();
        if (dockerd != null) dockerd.close();
        if (scratch != null) EngineDaemon.delete(scratch);
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedAndShowsNothing() {
        page.navigate(server.address().resolve("/ui/").toString());
        page.locator("#token").fill("not-a-token");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#signin-error")).containsText("the token is not valid (HTTP 401)");
        assertThat(page.locator("#nav")).isHidden();
        assertThat(page.locator("[data-node]")).hasCount(0);
        shot(page, "signin");
    }

    @Test
    @Order(2)
    void theMapShowsEveryNodeOfEveryKindOfCluster() {
        signIn(page, adminToken);
        List<String> all = nodes();
        assertThat(all).hasSize(6);
        for (String n : all) {
            String name = n.substring(0, n.indexOf(':'));
            assertThat(page.locator("[data-node='" + name + "']")).isVisible();
        }
        for (String c : List.of("sim-a", "dk", "agents")) assertThat(page.locator("[data-cluster='" + c + "']")).isVisible();
        assertThat(page.locator("[data-cluster='dk'] .sub")).containsText("docker · 1 nodes, 1 ready · 1 tasks");
        assertThat(page.locator("#live")).containsText("live");
        // the agent measures its task: its tile gets the used-share bar (usage is read again every 10 s at most)
        assertThat(page.locator("[data-node='agent-1']")).hasAttribute("data-used", Pattern.compile("\\d+"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(WAIT.toMillis()));
        assertThat(page.locator("[data-node='agent-1'] .use")).isVisible();
        shot(page, "map");
    }

    @Test
    @Order(3)
    void aJobSubmittedThroughTheCliAppearsWithoutAReload() throws Exception {
        page.navigate(server.address().resolve("/ui/#/jobs").toString());
        page.evaluate("window.sameDocument = true");
        Path file = scratch.resolve("web.yaml");
        Files.writeString(file, "name: web\nreplicas: 4\nconstraints: [\"cluster.name == sim-a\"]\ntask:\n"
                + "  command: [\"sleep\", \"3600\"]\n  resources: {cpu: 500, memory: 256}\n");
        Child.Result run = Child.layerx(scratch.resolve("logs"), cliEnv, "job", "run", file.toString()).await();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(page.locator("[data-job='web']")).containsText("4/4 running", new com.microsoft.playwright.assertions
                .LocatorAssertions.ContainsTextOptions().setTimeout(WAIT.toMillis()));
        assertThat(page.evaluate("window.sameDocument === true")).isEqualTo(true);
        shot(page, "jobs");

        page.locator(".vlist").focus();
        page.keyboard().press("End");
        page.keyboard().press("Enter");
        assertThat(page.locator("h1")).hasText("Job web");
        assertThat(page.getByTestId("job-running")).hasText("4 running of 4 wanted");
        shot(page, "job");

        String hello = api.get("/v1/tasks?job=hello&state=running").get(0).get("id").asText();
        page.navigate(server.address().resolve("/ui/#/tasks/" + hello).toString());
        assertThat(page.getByTestId("task-state")).hasText("running");
        assertThat(page.locator("pre.logs")).containsText("hello from " + hello);
        int lines = page.locator("pre.logs").innerText().split("\n").length;
        await().atMost(WAIT).until(() -> page.locator("pre.logs").innerText().split("\n").length > lines + 1);
        // reserved vs used: the agent reports the task's working set with each heartbeat
        assertThat(page.getByTestId("task-usage")).containsText(
                Pattern.compile("memory 32 MiB reserved, [0-9.]+ (KiB|MiB) used \\(measured "),
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(WAIT.toMillis()));
        shot(page, "task");
    }

    @Test
    @Order(4)
    void aDrainFromTheUiMovesTheTasksAndTheMapShowsIt() {
        String node = api.get("/v1/tasks?job=web&state=running").get(0).get("node").asText();
        page.navigate(server.address().resolve("/ui/#/nodes/" + node).toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drain")).click();
        assertThat(page.locator("#confirm")).isVisible();
        assertThat(page.locator("#confirm-title")).hasText("Drain " + node + "?");
        page.locator("#confirm-ok").click();
        assertThat(page.getByTestId("node-state")).hasText("draining");
        await().atMost(WAIT).until(() -> tasksOn(node, "web").isEmpty() && running("web") == 4);
        shot(page, "node");
        page.navigate(server.address().resolve("/ui/#/map").toString());
        assertThat(page.locator("[data-node='" + node + "']")).hasAttribute("data-state", "draining");
        assertThat(page.locator("[data-node='" + node + "'] .fill")).hasAttribute("style", "height: 0%;");
        assertThat(page.locator("[data-node='" + node + "']")).hasClass("tile state-draining");
        shot(page, "map-drained");
    }

    @Test
    @Order(5)
    void aViewerTokenSeesThePoolButCannotDrain() throws Exception {
        Child.Result made = Child.layerx(scratch.resolve("logs"), cliEnv, "token", "create", "--role", "viewer",
                "--name", "ui").await();
        assertThat(made.exit()).as(made.output()).isZero();
        String viewer = made.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        try (BrowserContext ctx = browser.browser.newContext()) {
            Page p = ctx.newPage();
            signIn(p, viewer);
            assertThat(p.locator("[data-node]")).hasCount(6);
            String node = nodes().stream().filter(n -> n.startsWith("sim-a") && n.endsWith(":ready")).findFirst()
                    .map(n -> n.substring(0, n.indexOf(':'))).orElseThrow();
            p.navigate(server.address().resolve("/ui/#/nodes/" + node).toString());
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drain")).click();
            p.locator("#confirm-ok").click();
            assertThat(p.locator("#confirm-error")).containsText("a viewer token is read-only: it may not use POST /v1/nodes/"
                    + node + "/drain (use an admin token) (HTTP 403)");
            assertThat(api.get("/v1/nodes/" + node).get("state").asText()).isEqualTo("ready");
            shot(p, "viewer-refused");
        }
    }

    @Test
    @Order(6)
    void theOtherPagesAndAPhoneWidth() {
        page.navigate(server.address().resolve("/ui/#/brains").toString());
        assertThat(page.locator("[data-brain]").first()).isVisible();
        shot(page, "brains");
        page.navigate(server.address().resolve("/ui/#/rebalancer").toString());
        assertThat(page.locator("h1")).hasText("Rebalancer");
        assertThat(page.locator("dl.facts")).containsText("binpack");
        shot(page, "rebalancer");
        page.navigate(server.address().resolve("/ui/#/events").toString());
        assertThat(page.locator("[data-event]").first()).isVisible();
        shot(page, "events");
        page.navigate(server.address().resolve("/ui/#/nodes").toString());
        assertThat(page.locator("[data-node]").first()).isVisible();
        shot(page, "nodes");
        page.setViewportSize(390, 844);
        page.navigate(server.address().resolve("/ui/#/map").toString());
        assertThat(page.locator("[data-node='agent-1']")).isVisible();
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        shot(page, "map-phone");
        page.setViewportSize(1280, 900);
    }

    @Test
    @Order(7)
    void scaleMigrateAndStopAskFirstAndShowTheApisErrors() {
        page.navigate(server.address().resolve("/ui/#/jobs/web").toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale…")).click();
        page.locator("#scale-to").fill("-1");
        page.locator("#confirm-ok").click();
        assertThat(page.locator("#confirm-error")).containsText("(HTTP 400)");
        assertThat(page.locator("#confirm-error")).containsText("replicas");
        page.locator("#scale-to").fill("5");
        page.locator("#confirm-ok").click();
        assertThat(page.locator("#confirm")).isHidden();
        assertThat(page.getByTestId("job-running")).hasText("5 running of 5 wanted",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));

        JsonNode task = api.get("/v1/tasks?job=web&state=running").get(0);
        String target = nodes().stream().filter(n -> n.startsWith("sim-a") && n.endsWith(":ready"))
                .map(n -> n.substring(0, n.indexOf(':'))).filter(n -> !n.equals(task.get("node").asText()))
                .findFirst().orElseThrow();
        page.navigate(server.address().resolve("/ui/#/tasks/" + task.get("id").asText()).toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Migrate…")).click();
        page.locator("#migrate-to").selectOption(target);
        page.locator("#confirm-ok").click();
        assertThat(page.locator("h1")).not().hasText("Task " + task.get("id").asText());
        assertThat(page.locator("dl.facts")).containsText("Replaces");
        assertThat(page.locator("dl.facts")).containsText(target);
        assertThat(page.getByTestId("task-state")).hasText("running",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
        // start before stop: the original is stopped once its replacement runs
        await().atMost(WAIT).until(() -> api.get("/v1/tasks/" + task.get("id").asText()).get("desired").asText()
                .equals("stop"));

        page.navigate(server.address().resolve("/ui/#/jobs/web").toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop job")).click();
        page.locator("#confirm-ok").click();
        assertThat(page.getByTestId("job-state")).hasText("stopped");
        await().atMost(WAIT).until(() -> running("web") == 0);
        assertThat(page.getByTestId("job-running")).hasText("0 running of 0 wanted",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
    }

    private static void signIn(Page p, String token) {
        p.navigate(server.address().resolve("/ui/").toString());
        p.locator("#token").fill(token);
        p.locator("#token").press("Enter");
        assertThat(p.locator("body")).hasAttribute("data-loaded", "true");
        assertThat(p.locator("#nav")).isVisible();
    }

    private static void submit(String name, String yaml) throws Exception {
        Path file = scratch.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        Child.Result r = Child.layerx(scratch.resolve("logs"), cliEnv, "job", "run", file.toString()).await();
        assertThat(r.exit()).as(r.output()).isZero();
    }

    /** name:state of every node. */
    private static List<String> nodes() {
        return StreamSupport.stream(api.get("/v1/nodes").spliterator(), false)
                .map(n -> n.get("name").asText() + ":" + n.get("state").asText()).toList();
    }

    private static int running(String job) {
        return api.get("/v1/tasks?job=" + job + "&state=running").size();
    }

    private static List<String> tasksOn(String node, String job) {
        List<String> ids = new ArrayList<>();
        for (JsonNode t : api.get("/v1/tasks?job=" + job + "&node=" + node)) {
            String s = t.get("state").asText();
            if (s.equals("running") || s.equals("starting") || s.equals("assigned")) ids.add(t.get("id").asText());
        }
        return ids;
    }

    private static void shot(Page p, String name) {
        p.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(false));
    }
}

package io.layerx.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.agent.Agent;
import io.layerx.agent.AgentConfig;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Cluster;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.server.KubeApiListen;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.service.JobView;
import io.layerx.service.TaskFilter;
import io.layerx.web.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real kubectl (Debian's 1.20) against {@code layerx server --kube-api}: a pool of one real agent (processes
 * run here) and a simulated cluster. Deployments become service jobs whose tasks are the pods, on the node LayerX
 * chose; scale, patch, delete, logs of a process the agent runs, batch jobs, namespaces, nodes, watches, and bad
 * manifests refused with every field listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String node = "kube" + Integer.toHexString(new Random().nextInt(0x10000));
    private Path scratch;
    private LayerXServer server;
    private Agent agent;
    private Kubectl kubectl;

    @BeforeAll
    void start() throws Exception {
        Path binary = Kubectl.installed();
        Assumptions.assumeTrue(binary != null, "Debian's kubectl is not unpacked: run .ci/kubectl (it puts kubectl 1.20"
                + " into ~/.cache/layerx/kubectl; or set LAYERX_KUBECTL)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the agent's cgroups need root");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "lxk");
        server = LayerXServer.start(new ServerConfig(scratch.resolve("data"), "127.0.0.1", 0), null,
                new KubeApiListen("127.0.0.1", 0));
        server.controlPlane().addCluster(new Cluster("agents", "agent", Map.of(), Map.of(), null));
        server.controlPlane().addCluster(new Cluster("sim", "sim", Map.of("zone", "z1"),
                Map.of("nodes", "2", "cpu", "4000", "memory", "8192", "startDelayMs", "100"), null));
        String join = server.tokens().create(Role.AGENT, "kubectl-it");
        agent = Agent.start(new AgentConfig(List.of(server.address()), join, "agents", node, Map.of("tier", "real"),
                2000, 2048, scratch.resolve(node), "127.0.0.1", 0, null, null, 0), InstantSource.system());
        await().atMost(WAIT).until(() -> server.controlPlane().nodes("agents").size() == 1);
        kubectl = new Kubectl(binary, server.kubeconfig(), Files.createDirectories(scratch.resolve("home")));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            // an agent that closes leaves its tasks running: stop them first
            server.controlPlane().jobs().forEach(j -> server.controlPlane().deleteJob(j.job().name()));
            await().atMost(WAIT).until(() -> server.controlPlane().tasks(new TaskFilter(null, node, null)).stream()
                    .allMatch(t -> t.state().terminal()));
        }
        Closing.all(agent, server);
        CgroupCleanup.remove(node);
        if (scratch != null) EngineDaemon.delete(scratch);
    }

    @Test
    void theServerWritesAKubeconfigWithTheAdminTokenForItsOwnerOnly() throws Exception {
        assertThat(Files.readString(server.kubeconfig())).contains("server: " + server.kubeApi())
                .contains("token: " + Files.readString(server.adminTokenFile()).strip())
                .contains("certificate-authority-data: ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.kubeconfig()))).isEqualTo("rw-------");
    }

    @Test
    void aDeploymentOfThreeReplicasRunsThreeAgentProcessesThatScaleShowLogsAndGo() throws Exception {
        assertThat(kubectl.apply(deployment("web", 3, "tier: real", "echo hello from kubectl; sleep 3600")))
                .isEqualTo("deployment.apps/web created");
        await().atMost(WAIT).until(() -> running("web").size() == 3);
        assertThat(running("web")).allSatisfy(t -> assertThat(t.node()).isEqualTo(node));

        String wide = kubectl.ok("get", "pods", "-o", "wide");
        assertThat(wide.lines().skip(1).filter(l -> l.startsWith("web-"))).hasSize(3)
                .allSatisfy(l -> assertThat(l.split("\\s+")).contains("1/1", "Running", node));
        assertThat(kubectl.ok("get", "deployment", "web")).contains("3/3");
        assertThat(kubectl.ok("rollout", "status", "deployment", "web", "--timeout=60s"))
                .isEqualTo("deployment \"web\" successfully rolled out");

        String pod = kubectl.ok("get", "pods", "-o", "name").lines().filter(l -> l.startsWith("pod/web-")).findFirst().orElseThrow();
        await().atMost(WAIT).until(() -> kubectl.run("logs", pod).out().contains("hello from kubectl"));
        try (Kubectl.Running follow = kubectl.background("logs", "-f", pod)) {
            await().atMost(WAIT).until(() -> follow.lines().contains("hello from kubectl"));
            assertThat(follow.process().isAlive()).as("logs -f follows the running process").isTrue();
        }
        assertThat(kubectl.ok("describe", pod)).containsPattern("Node:\\s+" + node + "/")
                .containsPattern("Controlled By:\\s+Deployment/web").containsPattern("State:\\s+Running");

        assertThat(kubectl.ok("scale", "deployment", "web", "--replicas=1")).isEqualTo("deployment.apps/web scaled");
        await().atMost(WAIT).until(() -> running("web").size() == 1 && kubectl.ok("get", "deployment", "web").contains("1/1"));

        assertThat(kubectl.ok("delete", "deployment", "web")).isEqualTo("deployment.apps \"web\" deleted");
        assertThat(server.controlPlane().jobs()).noneMatch(j -> j.job().name().equals("web"));
        await().atMost(WAIT).until(() -> server.controlPlane().tasks(new TaskFilter("web", null, null)).isEmpty());
        assertThat(kubectl.run("get", "pods").err()).isEqualTo("No resources found in default namespace.");
    }

    @Test
    void getNodesShowsTheWholePoolWithEachProviderAsRole() {
        String nodes = kubectl.ok("get", "nodes");
        assertThat(nodes).containsPattern(node + "\\s+Ready\\s+agent\\s").containsPattern("sim-01\\s+Ready\\s+sim\\s")
                .containsPattern("sim-02\\s+Ready\\s+sim\\s");
        assertThat(kubectl.ok("get", "node", node, "-o", "jsonpath={.status.capacity.cpu} {.metadata.labels.tier}"))
                .isEqualTo("2000m real");
        assertThat(kubectl.run("delete", "node", "sim-01").err()).contains("MethodNotAllowed");
    }

    @Test
    void aBadManifestIsInvalidWithEveryFieldListed() {
        String bad = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: Bad_Name
                spec:
                  replica: 2
                  template:
                    metadata: {labels: {app: bad}}
                    spec:
                      volumes: []
                      containers:
                      - name: c
                        imagee: busybox
                        resources: {requests: {cpu: lots}}
                """;
        Kubectl.Result one = kubectl.withInput(bad, "apply", "-f", "-");
        assertThat(one.exit()).isEqualTo(1);
        assertThat(one.err()).contains("The Deployment \"Bad_Name\" is invalid", "metadata.name: Invalid value: \"Bad_Name\"",
                "spec.replica: Unsupported value: field not declared in the schema", "spec.selector: Required value",
                "spec.template.spec.volumes: Unsupported value: LayerX does not carry out volumes",
                "spec.template.spec.containers[0].imagee: Unsupported value", "spec.template.spec.containers[0].image: Required value",
                "spec.template.spec.containers[0].resources.requests.cpu: Invalid value: \"lots\"");
        Kubectl.Result two = kubectl.withInput(bad + "---\n" + bad.replace("Bad_Name", "bad-two"), "apply", "-f", "-");
        assertThat(two.err()).contains("Error from server (Invalid)", "Deployment.apps \"bad-two\" is invalid",
                "spec.selector: Required value");
        assertThat(server.controlPlane().jobs()).noneMatch(j -> j.job().name().startsWith("bad"));
    }

    @Test
    void aBatchJobRunsItsCompletionsToTheEnd() {
        assertThat(kubectl.apply("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: count}
                spec:
                  completions: 2
                  template:
                    spec:
                      restartPolicy: Never
                      nodeSelector: {tier: real}
                      containers:
                      - {name: count, image: layerx.io/exec, command: [/bin/sh, -c, "echo counted"]}
                """)).isEqualTo("job.batch/count created");
        await().atMost(WAIT).until(() -> kubectl.ok("get", "jobs").lines().anyMatch(l -> l.matches("count\\s+2/2\\s.*")));
        String pods = kubectl.ok("get", "pods", "-l", "job-name!=x", "--no-headers");
        assertThat(pods.lines().filter(l -> l.startsWith("count-"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("Completed"));
        assertThat(kubectl.ok("delete", "job", "count")).isEqualTo("job.batch \"count\" deleted");
    }

    @Test
    void patchesOfEachTypeAndAWatchSeeTheChange() throws Exception {
        kubectl.apply(deployment("api", 1, "zone: z1", "sleep 3600"));
        await().atMost(WAIT).until(() -> running("api").size() == 1);
        try (Kubectl.Running watch = kubectl.background("get", "deployment", "api", "-w", "--no-headers")) {
            await().atMost(WAIT).until(() -> watch.lines().stream().anyMatch(l -> l.matches("api\\s+1/1\\s.*")));
            kubectl.ok("patch", "deployment", "api", "--type=merge", "-p", "{\"spec\":{\"replicas\":2}}");
            await().atMost(WAIT).until(() -> watch.lines().stream().anyMatch(l -> l.matches("api\\s+2/2\\s.*")));
        }
        kubectl.ok("patch", "deployment", "api", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
        kubectl.ok("patch", "deployment", "api", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"api\",\"env\":[{\"name\":\"MODE\",\"value\":\"on\"}]}]}}}}");
        await().atMost(WAIT).until(() -> running("api").size() == 3);
        JobView job = server.controlPlane().job("api");
        assertThat(job.job().replicas()).isEqualTo(3);
        assertThat(job.job().task().env()).containsEntry("MODE", "on");
        assertThat(job.job().task().command()).containsExactly("/bin/sh", "-c", "sleep 3600");
        assertThat(kubectl.run("patch", "deployment", "api", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/nope\"}]").err())
                .contains("Error from server (BadRequest)");
        kubectl.ok("delete", "deployment", "api");
    }

    @Test
    void aNamespaceHoldsItsDeploymentsAndTakesThemAlongWhenDeleted() throws Exception {
        assertThat(kubectl.ok("create", "namespace", "team")).isEqualTo("namespace/team created");
        try (Kubectl.Running watch = kubectl.background("get", "pods", "-n", "team", "-w", "--no-headers")) {
            kubectl.apply(deployment("svc", 2, "zone: z1", "sleep 3600").replace("metadata:\n  name: svc", "metadata:\n  name: svc\n  namespace: team"));
            await().atMost(WAIT).until(() -> running("team-svc").size() == 2);
            await().atMost(WAIT).until(() -> watch.lines().stream().filter(l -> l.matches("svc-\\S+\\s+1/1\\s+Running\\s.*"))
                    .map(l -> l.split("\\s+")[0]).distinct().count() == 2);
        }
        assertThat(kubectl.ok("get", "pods", "-n", "team", "--no-headers").lines()).hasSize(2);
        assertThat(kubectl.ok("get", "pods", "--all-namespaces", "--no-headers").lines().filter(l -> l.startsWith("team "))).hasSize(2);
        assertThat(kubectl.run("get", "deployment", "svc").err()).isEqualTo("Error from server (NotFound): deployments.apps \"svc\" not found");
        kubectl.ok("delete", "namespace", "team");
        assertThat(server.controlPlane().jobs()).noneMatch(j -> j.job().name().equals("team-svc"));
        assertThat(kubectl.run("get", "pods", "-n", "nowhere").err()).contains("namespaces \"nowhere\" not found");
        assertThat(kubectl.run("delete", "namespace", "default").err()).contains("Forbidden", "may not be deleted");
    }

    private List<Task> running(String job) {
        return server.controlPlane().tasks(new TaskFilter(job, null, TaskState.RUNNING));
    }

    private static String deployment(String name, int replicas, String nodeSelector, String script) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      nodeSelector: {%3$s}
                      containers:
                      - name: %1$s
                        image: layerx.io/exec
                        command: [/bin/sh, -c, "%4$s"]
                        resources:
                          requests: {cpu: 100m, memory: 32Mi}
                """.formatted(name, replicas, nodeSelector, script);
    }
}

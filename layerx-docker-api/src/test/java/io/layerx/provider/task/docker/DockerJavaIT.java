package io.layerx.provider.task.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.layerx.dockertest.EngineDaemon;
import io.layerx.model.Task;
import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-java, a second Docker client, against LayerX's Docker API over a docker cluster of dockerd and podman. */
class DockerJavaIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String IMAGE = EngineDaemon.IMAGE;
    private static DockerPool pool;
    private static DockerClient client;

    @BeforeAll
    static void start() throws Exception {
        pool = DockerPool.start();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(pool.host()).withDockerTlsVerify(false).build();
        client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) client.close();
        if (pool != null) pool.close();
    }

    private static Task running(String job) {
        await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.state() == TaskState.RUNNING));
        return tasks(job).stream().filter(t -> t.state() == TaskState.RUNNING).findFirst().orElseThrow();
    }

    private static List<Task> tasks(String job) {
        return pool.controlPlane().tasks(new TaskFilter(job, null, null));
    }

    private static String logs(String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) {
                out.append(f.getStreamType()).append(':').append(new String(f.getPayload()).strip()).append(' ');
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString().strip();
    }

    @Test
    void pingVersionInfoAndImages() {
        client.pingCmd().exec();
        assertThat(client.versionCmd().exec().getApiVersion()).isEqualTo("1.41");
        assertThat(client.infoCmd().exec().getOperatingSystem()).isEqualTo("LayerX pool of 2 ready nodes");
        assertThat(client.listImagesCmd().exec()).anySatisfy(i -> assertThat(i.getRepoTags()).contains("local/busybox:latest"));
    }

    @Test
    void createStartListLogsInspectStopRemove() throws Exception {
        ExposedPort http = ExposedPort.tcp(80);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindPort(0));
        String id = client.createContainerCmd(IMAGE).withName("dj-web").withCmd("sh", "-c", "echo hello; sleep 300")
                .withEnv("constraint:node==dk-01").withLabels(Map.of("app", "dj")).withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withMemory(64L << 20).withPortBindings(ports)).exec().getId();
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("app", "dj")).exec())
                .singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("created"));
        assertThat(tasks("dj-web")).isEmpty();

        client.startContainerCmd(id).exec();
        Task t = running("dj-web");
        assertThat(t.node()).isEqualTo("dk-01");
        assertThat(t.ports()).containsKey("80/tcp");
        List<Container> listed = client.listContainersCmd().withLabelFilter(Map.of("app", "dj")).exec();
        assertThat(listed).singleElement().satisfies(c -> {
            assertThat(c.getId()).isEqualTo(id);
            assertThat(c.getNames()).containsExactly("/dj-web");
            assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getPublicPort()).isEqualTo(t.ports().get("80/tcp")));
        });
        await().atMost(WAIT).until(() -> logs(id).equals("STDOUT:hello"));
        InspectContainerResponse inspect = client.inspectContainerCmd("dj-web").exec();
        assertThat(inspect.getState().getRunning()).isTrue();
        assertThat(inspect.getHostConfig().getMemory()).isEqualTo(64L << 20);

        assertThatThrownBy(() -> client.removeContainerCmd(id).exec()).isInstanceOf(ConflictException.class);
        client.stopContainerCmd(id).withTimeout(1).exec();
        assertThat(client.inspectContainerCmd(id).exec().getState().getStatus()).isEqualTo("exited");
        client.removeContainerCmd(id).exec();
        assertThatThrownBy(() -> client.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
        assertThat(tasks("dj-web")).isEmpty();
    }

    @Test
    void aServiceKilledOnItsEngineIsReplacedAndWaitSeesABatchEnd() throws Exception {
        String svc = client.createContainerCmd(IMAGE).withName("dj-svc").withCmd("sleep", "300")
                .withHostConfig(HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart())).exec().getId();
        client.startContainerCmd(svc).exec();
        Task first = running("dj-svc");
        pool.engineOf(first.node()).docker("kill", first.id());
        await().atMost(WAIT).until(() -> tasks("dj-svc").stream().anyMatch(t -> t.state() == TaskState.RUNNING && t.attempt() == 1));
        assertThat(client.inspectContainerCmd(svc).exec().getRestartCount()).isEqualTo(1);
        client.removeContainerCmd(svc).withForce(true).exec();

        String job = client.createContainerCmd(IMAGE).withName("dj-exit").withCmd("sh", "-c", "exit 3").exec().getId();
        client.startContainerCmd(job).exec();
        assertThat(client.waitContainerCmd(job).start().awaitStatusCode(60, TimeUnit.SECONDS)).isEqualTo(3);
        client.removeContainerCmd(job).exec();
    }

    @Test
    void anImpossibleConstraintAndAnUnsupportedOptionAreClearErrors() {
        assertThatThrownBy(() -> client.createContainerCmd(IMAGE).withName("dj-nowhere")
                .withLabels(Map.of("com.docker.swarm.constraints", "[\"region==mars\"]")).exec())
                .isInstanceOf(BadRequestException.class).hasMessageContaining("no node of the pool can run container dj-nowhere")
                .hasMessageContaining("node.labels.region == mars");
        assertThatThrownBy(() -> client.createContainerCmd(IMAGE).withTty(true).withUser("nobody").exec())
                .isInstanceOf(BadRequestException.class).hasMessageContaining("-t (Tty) is not supported")
                .hasMessageContaining("-u (User) is not supported");
    }
}

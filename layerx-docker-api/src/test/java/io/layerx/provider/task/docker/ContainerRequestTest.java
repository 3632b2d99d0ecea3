package io.layerx.provider.task.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRequestTest {

    /** What the docker CLIs of this machine send (captured from 28.2.2 and 20.10.24; see MACHINE.md section 6). */
    private static ObjectNode body(String name) throws IOException {
        try (InputStream in = ContainerRequestTest.class.getResourceAsStream("/" + name)) {
            return (ObjectNode) DockerJson.MAPPER.readTree(in);
        }
    }

    @Test
    void readsWhatDockerRunSendsWithEveryOptionAtItsDefault() throws IOException {
        ContainerRequest r = ContainerRequest.read("web", body("create-docker-28.json"));
        assertThat(r.image()).isEqualTo("local/busybox");
        assertThat(r.command()).containsExactly("sleep", "300");
        assertThat(r.env()).containsExactly(Map.entry("A", "1"));
        assertThat(r.hints()).containsExactly("constraint:node==x");
        assertThat(r.labels()).containsExactly(Map.entry("k", "v"));
        assertThat(r.resources()).isEqualTo(Resources.of(500, 64));
        assertThat(r.ports()).containsExactly(new PortRequest("80/tcp", 8080));
        assertThat(r.restart()).isEqualTo(new ContainerRequest.Restart("no", 0));

        ContainerRequest old = ContainerRequest.read(null, body("create-docker-20.json"));
        assertThat(old.resources()).isEqualTo(Resources.ZERO);
        assertThat(old.env()).isEmpty();
        assertThat(old.ports()).isEmpty();
    }

    @Test
    void everyUnsupportedOptionIsNamedByItsFlagInOneError() throws IOException {
        ObjectNode b = body("create-docker-28.json");
        b.put("Tty", true).put("WorkingDir", "/srv");
        ((ObjectNode) b.get("HostConfig")).put("Privileged", true).put("NetworkMode", "host").putArray("Binds").add("/a:/b");
        assertThatThrownBy(() -> ContainerRequest.read("web", b)).isInstanceOfSatisfying(DockerApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("-t (Tty) is not supported", "-w (WorkingDir) is not supported",
                    "--privileged (HostConfig.Privileged) is not supported", "-v (HostConfig.Binds) is not supported",
                    "--network host is not supported");
        });
    }

    @Test
    void badNamesPortsRestartPoliciesAndLayerXLabelsAreListedTogether() throws IOException {
        ObjectNode b = body("create-docker-28.json");
        ObjectNode host = (ObjectNode) b.get("HostConfig");
        ObjectNode bindings = host.putObject("PortBindings");
        bindings.putArray("80/tcp").addObject().put("HostIp", "127.0.0.1").put("HostPort", "8000-8010");
        bindings.putArray("http/tcp");
        host.putObject("RestartPolicy").put("Name", "sometimes");
        ((ObjectNode) b.get("Labels")).put("io.layerx.task", "x").put(ContainerRequest.SWARM_CONSTRAINTS, "node==x");
        assertThatThrownBy(() -> ContainerRequest.read("Web_1", b)).isInstanceOfSatisfying(DockerApiError.class, e ->
                assertThat(e.getMessage()).contains("container name 'Web_1' must be", "-p 127.0.0.1:",
                        "host port '8000-8010' must be one port number", "'http/tcp' is not a container port", "--restart sometimes is not one of",
                        "labels io.layerx.* are LayerX's own", "com.docker.swarm.constraints must be a JSON array"));
    }

    @Test
    void restartPoliciesAndSwarmLabelsAreRead() throws IOException {
        ObjectNode b = body("create-docker-20.json");
        ((ObjectNode) b.get("HostConfig")).putObject("RestartPolicy").put("Name", "on-failure").put("MaximumRetryCount", 5);
        ((ObjectNode) b.get("Labels")).put(ContainerRequest.SWARM_CONSTRAINTS, "[\"node==a\",\"zone!=z1\"]")
                .put(ContainerRequest.SWARM_AFFINITIES, "[\"container==db\"]");
        ContainerRequest r = ContainerRequest.read("job", b);
        assertThat(r.restart()).isEqualTo(new ContainerRequest.Restart("on-failure", 5));
        assertThat(r.hints()).containsExactly("constraint:node==a", "constraint:zone!=z1", "affinity:container==db");
        JsonNode always = DockerJson.MAPPER.readTree("{\"Image\":\"x\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"unless-stopped\"}}}");
        assertThat(ContainerRequest.read(null, always).restart().always()).isTrue();
        assertThat(ContainerRequest.read(null, DockerJson.MAPPER.readTree("{\"Image\":\"x\"}")).command()).isEqualTo(List.of());
    }

    @Test
    void anImageIsRequired() {
        assertThatThrownBy(() -> ContainerRequest.read(null, DockerJson.MAPPER.createObjectNode()))
                .hasMessageContaining("an image is required");
    }
}

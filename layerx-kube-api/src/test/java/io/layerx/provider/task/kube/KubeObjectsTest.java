package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.testkit.InMemoryStore;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class KubeObjectsTest {

    private final InMemoryStore store = new InMemoryStore();
    private final KubeObjects objects = new KubeObjects(store, InstantSource.fixed(Instant.parse("2026-12-06T10:00:00Z")));

    @Test
    void theBuiltInNamespacesAreWrittenOnce() {
        objects.start();
        long revision = store.revision();
        objects.start();
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(objects.list(Kind.NAMESPACES, null)).extracting(KubeObjects.Stored::name)
                .containsExactly("default", "kube-public", "kube-system");
    }

    @Test
    void anObjectIsStampedKeptByNamespaceAndItsGenerationGrowsWithItsSpec() {
        KubeObjects.Stored created = objects.create(Kind.DEPLOYMENTS, "team", Yaml.deployment());
        assertThat(created.object().path("metadata").path("creationTimestamp").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(created.object().path("metadata").path("namespace").asText()).isEqualTo("team");
        String uid = created.object().path("metadata").path("uid").asText();
        assertThat(objects.list(Kind.DEPLOYMENTS, "team")).hasSize(1);
        assertThat(objects.list(Kind.DEPLOYMENTS, "default")).isEmpty();
        assertThatThrownBy(() -> objects.create(Kind.DEPLOYMENTS, "team", Yaml.deployment()))
                .hasMessage("deployments.apps \"web\" already exists");

        ObjectNode labelled = Yaml.deployment();
        ((ObjectNode) labelled.path("metadata").path("labels")).put("extra", "yes");
        KubeObjects.Stored relabelled = objects.update(Kind.DEPLOYMENTS, "team", created, labelled);
        assertThat(relabelled.object().path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(relabelled.object().path("metadata").path("uid").asText()).isEqualTo(uid);
        ObjectNode scaled = Yaml.deployment();
        ((ObjectNode) scaled.path("spec")).put("replicas", 9);
        KubeObjects.Stored respecced = objects.update(Kind.DEPLOYMENTS, "team", relabelled, scaled);
        assertThat(respecced.object().path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(objects.get(Kind.DEPLOYMENTS, "team", "web").orElseThrow().revision()).isEqualTo(respecced.revision());
    }

    @Test
    void anUpdateFromAStaleReadIsAConflict() {
        KubeObjects.Stored created = objects.create(Kind.JOBS, "default", Yaml.deployment().put("kind", "Job"));
        objects.update(Kind.JOBS, "default", created, Yaml.deployment().put("kind", "Job"));
        assertThatThrownBy(() -> objects.update(Kind.JOBS, "default", created, Yaml.deployment()))
                .isInstanceOfSatisfying(KubeError.class, e -> assertThat(e.code()).isEqualTo(409))
                .hasMessageContaining("the object has been modified");
        objects.delete(Kind.JOBS, "default", "web");
        assertThat(objects.get(Kind.JOBS, "default", "web")).isEmpty();
    }
}

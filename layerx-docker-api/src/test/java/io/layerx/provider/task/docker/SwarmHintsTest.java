package io.layerx.provider.task.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerx.model.Affinity;
import io.layerx.model.Constraint;
import io.layerx.model.Constraint.Operator;
import io.layerx.model.Preference;
import io.layerx.model.TaskSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwarmHintsTest {

    /** A pool with one container, web (job web), and image local/busybox on nodes a and b. */
    private static final SwarmHints.Pool POOL = new SwarmHints.Pool() {
        @Override
        public Optional<String> jobOf(String container) {
            return container.equals("web") || container.equals("4f2a") ? Optional.of("web") : Optional.empty();
        }

        @Override
        public List<String> nodesWithImage(String image) {
            return image.equals("local/busybox") ? List.of("a", "b") : List.of();
        }
    };

    private static SwarmHints.Rules read(String... hints) {
        return SwarmHints.read(List.of(hints), POOL);
    }

    @Test
    void constraintsMapOntoNodeAttributes() {
        assertThat(read("constraint:node==n1", "constraint:region!=/eu-.*/", "constraint:cluster.name==dk",
                "constraint:storage==ssd*").constraints()).containsExactly(
                new Constraint("node.name", Operator.EQ, List.of("n1")),
                new Constraint("node.labels.region", Operator.NOT_MATCHES, List.of("eu-.*")),
                new Constraint("cluster.name", Operator.EQ, List.of("dk")),
                new Constraint("node.labels.storage", Operator.EQ, List.of("ssd*")));
    }

    @Test
    void aTildeMakesAHintAPreference() {
        SwarmHints.Rules r = read("constraint:node==~n1", "affinity:container!=~web", "affinity:image==~local/busybox");
        assertThat(r.constraints()).isEmpty();
        assertThat(r.preferences()).containsExactly(
                new Preference(new Constraint("node.name", Operator.EQ, List.of("n1")), SwarmHints.SOFT_WEIGHT),
                new Preference(new Constraint("node.name", Operator.IN, List.of("a", "b")), SwarmHints.SOFT_WEIGHT));
        assertThat(r.affinities()).containsExactly(new Affinity(TaskSelector.job("web"), "node", true, false, SwarmHints.SOFT_WEIGHT));
    }

    @Test
    void affinitiesToContainersImagesAndLabels() {
        SwarmHints.Rules r = read("affinity:container==4f2a", "affinity:image==local/busybox", "affinity:tier==db");
        assertThat(r.affinities()).containsExactly(new Affinity(TaskSelector.job("web"), "node", false, true, 0),
                new Affinity(TaskSelector.labels(Map.of("tier", "db")), "node", false, true, 0));
        assertThat(r.constraints()).containsExactly(new Constraint("node.name", Operator.IN, List.of("a", "b")));
        assertThat(read("affinity:container!=ghost", "affinity:image!=ghost").affinities()).isEmpty();
    }

    @Test
    void everyBadHintIsListed() {
        assertThatThrownBy(() -> read("constraint:node=n1", "affinity:container==ghost", "affinity:image==ghost", "constraint:node==ok"))
                .isInstanceOfSatisfying(DockerApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'constraint:node=n1' is not of the form",
                            "affinity:container==ghost: no such container",
                            "affinity:image==ghost: no engine of the pool holds image ghost").doesNotContain("node==ok");
                });
    }
}

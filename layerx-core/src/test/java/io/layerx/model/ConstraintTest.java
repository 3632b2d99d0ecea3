package io.layerx.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintTest {

    @Test
    void parsesEveryOperator() {
        assertThat(Constraint.parse("cluster.name == sim-a").constraint())
                .isEqualTo(new Constraint("cluster.name", Constraint.Operator.EQ, List.of("sim-a")));
        assertThat(Constraint.parse("node.labels.zone != z3").constraint())
                .isEqualTo(new Constraint("node.labels.zone", Constraint.Operator.NE, List.of("z3")));
        assertThat(Constraint.parse("node.labels.zone in (z1, z2)").constraint())
                .isEqualTo(new Constraint("node.labels.zone", Constraint.Operator.IN, List.of("z1", "z2")));
        assertThat(Constraint.parse("cluster.labels.env not in [prod,'stage']").constraint())
                .isEqualTo(new Constraint("cluster.labels.env", Constraint.Operator.NOT_IN, List.of("prod", "stage")));
    }

    @Test
    void missingAttributeSatisfiesOnlyNegations() {
        assertThat(Constraint.parse("node.labels.zone != z3").constraint().test(null)).isTrue();
        assertThat(Constraint.parse("node.labels.zone not in (z3)").constraint().test(null)).isTrue();
        assertThat(Constraint.parse("node.labels.zone == z3").constraint().test(null)).isFalse();
        assertThat(Constraint.parse("node.labels.zone in (z3)").constraint().test(null)).isFalse();
    }

    @Test
    void reportsWhatIsWrong() {
        assertThat(Constraint.parse("cluster.name ~ x").problem()).contains("not of the form");
        assertThat(Constraint.parse("host == x").problem()).contains("unknown attribute 'host'");
        assertThat(Constraint.parse("node.labels.zone in ()").problem()).contains("has no value");
        assertThat(Constraint.parse(" ").problem()).isEqualTo("constraint is empty");
    }

    @Test
    void expressionRoundTrips() {
        for (String e : List.of("cluster.name == sim-a", "node.labels.zone in (z1, z2)", "node.name not in (a, b)")) {
            assertThat(Constraint.parse(Constraint.parse(e).constraint().expression()).constraint())
                    .isEqualTo(Constraint.parse(e).constraint());
        }
    }
}

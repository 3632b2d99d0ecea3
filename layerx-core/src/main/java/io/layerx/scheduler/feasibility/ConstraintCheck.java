package io.layerx.scheduler.feasibility;

import io.layerx.model.Cluster;
import io.layerx.model.Constraint;
import io.layerx.model.Node;
import java.util.List;
import java.util.Optional;

/** Hard constraints on node and cluster attributes. */
public final class ConstraintCheck {

    private final List<Constraint> perClass;
    private final List<Constraint> perNode;

    public ConstraintCheck(List<Constraint> constraints) {
        this.perClass = constraints.stream().filter(c -> !Attributes.perNode(c.attribute())).toList();
        this.perNode = constraints.stream().filter(c -> Attributes.perNode(c.attribute())).toList();
    }

    /** Checks the rules every node of a class shares, on one member. */
    public Optional<Rejection> checkClass(Node sample, Cluster cluster) {
        return first(perClass, sample, cluster);
    }

    /** Checks the rules that differ per node. */
    public Optional<Rejection> checkNode(Node node, Cluster cluster) {
        return first(perNode, node, cluster);
    }

    /** Both: for verifying a single placement. */
    public Optional<Rejection> check(Node node, Cluster cluster) {
        return checkClass(node, cluster).or(() -> checkNode(node, cluster));
    }

    private static Optional<Rejection> first(List<Constraint> rules, Node node, Cluster cluster) {
        for (Constraint c : rules) {
            if (!c.test(Attributes.of(c.attribute(), node, cluster))) {
                return Optional.of(new Rejection("constraint", c.expression()));
            }
        }
        return Optional.empty();
    }
}

package io.layerx.model;

/** A soft constraint: nodes where it holds score {@code weight} (1..100) higher. */
public record Preference(Constraint constraint, int weight) {
}

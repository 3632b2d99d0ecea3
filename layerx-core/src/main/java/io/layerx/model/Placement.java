package io.layerx.model;

import java.util.List;

/**
 * How a job's tasks want to be placed beyond hard constraints: soft preferences, affinity to other tasks,
 * topology spread, and a cap of tasks per node ({@code 0}: none; {@code 1} is Swarm's and fleet's "one per host").
 */
public record Placement(List<Preference> preferences, List<Affinity> affinities, List<Spread> spreads, int maxPerNode) {

    public static final Placement NONE = new Placement(List.of(), List.of(), List.of(), 0);

    public Placement {
        preferences = preferences == null ? List.of() : List.copyOf(preferences);
        affinities = affinities == null ? List.of() : List.copyOf(affinities);
        spreads = spreads == null ? List.of() : List.copyOf(spreads);
    }

    public boolean isEmpty() {
        return preferences.isEmpty() && affinities.isEmpty() && spreads.isEmpty() && maxPerNode == 0;
    }
}
